// @rtms/service-kit: what every service process shares — health/readiness/metrics HTTP, graceful shutdown.

// Tracing reaches services through the service kit (runService starts it): docs/operations.md, "Tracing".
export type { Context, Span, Tracing } from '@rtms/tracing';
export { disabledTracing, recordFailure, SpanKind, TRACEPARENT } from '@rtms/tracing';
export { presentedToken, requireToken, tokenMatches } from './access-token.js';
export { createHttpServer } from './http-server.js';
export { createMetricsRegistry } from './metrics.js';
export type { CheckResult, ReadinessCheck } from './readiness.js';
export { natsConnectedCheck, streamsPresentCheck } from './readiness.js';
export { runService } from './run-service.js';
