// @rtms/stream-connector: the RTMS WebSocket chain per stream, one owner per stream among any number of
// replicas. Tests and embedders build the service with buildApp; `node dist/main.js` runs it as a process.

export type { AppDeps, ConnectorApp } from './app.js';
export { buildApp } from './app.js';
export type { ConnectorConfig } from './config.js';
export { ConnectorEnv, loadConfig, mediaParamsOf, SERVICE } from './config.js';
export {
  HandshakeRejectedError,
  HandshakeTimeoutError,
  NoMediaUrlError,
  NoUsableServerUrlError,
  RegistryConflictError,
  SocketClosedError,
  SocketOpenError,
} from './errors.js';
export type { MediaSocketPlan, RequestedMediaType, SocketMode } from './media/media-plan.js';
export {
  mediaFormatOf,
  mediaUrlFor,
  planMediaSockets,
  RequestedMediaTypes,
  wireKindsOf,
} from './media/media-plan.js';
export type { MergeOutcome } from './ownership/registry-merge.js';
export { mergeInterrupted, mergeStarted, mergeStopped } from './ownership/registry-merge.js';
export { connectorTopology, defaultReplicaId } from './topology.js';
