// @rtms/webhook-gateway: verified, durable, deduplicated intake of Zoom webhooks. The process entry is
// main.ts; this entry is for tests and benchmarks.

export type { Clock, Gateway, GatewayDeps } from './app.js';
export { buildApp, MIN_DUPLICATE_WINDOW_MS } from './app.js';
export type { GatewayConfig } from './config.js';
export { GatewayEnv, loadConfig, SERVICE } from './config.js';
export { StoreUnavailableError } from './errors.js';
export { FailureLimiter } from './failure-limiter.js';
export type { ErrorCode, Outcome } from './outcomes.js';
export { ErrorCodes, Outcomes } from './outcomes.js';
export type { HeaderCheck, VerifyFailureReason, VerifyResult, WebhookVerifier } from './signature.js';
export { createHeaderCheck, createWebhookVerifier, VerifyFailureReasons } from './signature.js';
export type { ReceiveMetadata, Stored } from './webhook-store.js';
export { WebhookStore } from './webhook-store.js';
