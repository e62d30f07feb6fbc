// @rtms/zoom-protocol: Zoom's RTMS wire as code (docs/rtms-protocol.md), shared by the simulator
// and the stream-connector. Constants are `as const` objects with a union type of the same name. Where the
// reference is UNCERTAIN, the choice is one named constant in choices.ts.

export {
  AUDIO_BUFFER_MAX_MS,
  CLIENT_KEEP_ALIVE_SILENCE_MS,
  GRACE_EXPIRED_STOP_REASON,
  HANDSHAKE_REQUIRES_PROTOCOL_VERSION,
  INSTANCE_ID_KEYS,
  KEEP_ALIVE_INTERVAL_MS,
  KEEP_ALIVE_MAX_MISSED,
  KEEP_ALIVE_ONLY_WHEN_IDLE,
  MEDIA_HANDSHAKE_ENCRYPTION_FIELD,
  MEDIA_INTERRUPTION_NOTICE,
  MEDIA_RECONNECT_GRACE_MS,
  PROTOCOL_VERSION,
  RTMS_STATUS_SUCCESS_HTTP,
  SERVER_URL_KEYS,
  SIGNALING_RECONNECT_GRACE_MS,
  WEBHOOK_RESPONSE_DEADLINE_MS,
  WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_TIMESTAMP_TOLERANCE_S,
} from './choices.js';
export type { HandshakeIds } from './client-messages.js';
export {
  clientReadyAck,
  /** @public bench/lib/stream-connector-bare.mjs imports it from dist/, a use knip sees only after a build. */
  keepAliveResponse,
  mediaHandshake,
  signalingHandshake,
} from './client-messages.js';
export type { MediaKind } from './enums.js';
export {
  AudioSampleRate,
  Codec,
  DataOption,
  EventType,
  isRestartStopReason,
  MediaKindFlag,
  MediaKinds,
  MediaResolution,
  MediaType,
  mediaKindsOf,
  mediaTypeMask,
  SAMPLE_RATE_HZ,
  SessionState,
  StopReason,
  StreamState,
  SUBSCRIBABLE_EVENT_TYPES,
  TranscriptAttribute,
  TranscriptLanguage,
} from './enums.js';
export type { Frame } from './frames.js';
export { binaryContent, chatContent, parseFrame, transcriptContent } from './frames.js';
export {
  MediaHandshakeResponseSchema,
  SignalingHandshakeResponseSchema,
  UrlValidationAnswerSchema,
} from './handshake-schemas.js';
export type {
  AudioParams,
  MediaParams,
} from './media-params.js';
export {
  DEFAULT_MEDIA_PARAMS,
  resolveMediaParams,
} from './media-params.js';
export { MsgType } from './message-types.js';
export type {
  ChatContent,
  ServerUrlMap,
  SessionStateUpdate,
  StreamStateUpdate,
  TranscriptContent,
} from './messages.js';
export { CloseCode, describeCloseCode, describeStatusCode, describeStopReason } from './outcomes.js';
export { describeRestError } from './rest-errors.js';
export {
  hexEquals,
  rtmsSignature,
  urlValidationResponse,
  urlValidationToken,
  webhookSignature,
} from './signature.js';
export { isDuplicateSignalReason, StatusCode, StatusReason, statusCodeName } from './status-codes.js';
export { encodeMeetingIdForPath, pickSignalingUrl, splitServerUrls } from './urls.js';
