// @rtms/zoom-api: starts and stops RTMS through Zoom's REST API, with a durable delayed stop.

export type { ZoomApiApp, ZoomApiDeps } from './app.js';
export { buildApp } from './app.js';
export type { ZoomApiConfig } from './config.js';
export { loadConfig, SERVICE, ZoomApiEnv } from './config.js';
export {
  InvalidRequestError,
  NoPendingStopError,
  OAuthTokenError,
  ZoomApiError,
  ZoomAuthError,
  ZoomUnavailableError,
} from './errors.js';
export { rtmsStatusUrl } from './meeting-path.js';
export type { RetryPolicy } from './retry-policy.js';
export { consumerSpec, zoomApiTopology } from './topology.js';
export type { ZoomAuth, ZoomCredentials } from './zoom-auth.js';
export { zoomCredentials } from './zoom-auth.js';
