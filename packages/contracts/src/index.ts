// @rtms/contracts: the public API of the system on NATS. Subjects, stream/consumer/bucket names and message
// schemas are defined here once; services and subscribers import them from this entry only.

export type { CatalogEntry, CatalogKey, PayloadInputOf, PayloadOf } from './catalog.js';
export { Catalog } from './catalog.js';
export type { DecodeResult } from './codec.js';
export { decodeJson, encodeJson } from './codec.js';
export { InvalidSubjectTokenError, MessageValidationError } from './errors.js';
export { chatMessageId, transcriptSegmentId, webhookMessageId } from './ids.js';
export type { BucketName, ConsumerName, ObjectStoreName, StreamName } from './names.js';
export { Buckets, Consumers, ObjectStores, Services, Streams } from './names.js';
export type { RecordingKind } from './recording.js';
export {
  RecordingKinds,
  RecordingSubjectPatterns,
  RecordingSubjects,
  recordingFrameId,
  recordingMarkId,
} from './recording.js';
export type { ObjectStoreSpec } from './recording-store.js';
export { recordingsStoreSpec } from './recording-store.js';
export type { RtmsAction, RtmsControlRequestInput } from './schemas/control.js';
export {
  CancelStopRequest,
  ControlEvent,
  ControlOutcomes,
  RtmsActions,
  RtmsControlReply,
  RtmsControlRequest,
  ScheduledStop,
  ScheduleStopRequest,
  StopCancellation,
  StopCancellationKeys,
} from './schemas/control.js';
export { DeadLetter, ReplicaHeartbeat, StreamLease, StreamRegistryEntry } from './schemas/ownership.js';
export { RecordingFile, RecordingManifest, RecordingMark } from './schemas/recording.js';
export type { LifecycleState, RtmsEventKind } from './schemas/stream-events.js';
export {
  LifecycleStates,
  MediaHeaders,
  MediaHeaderValues,
  RtmsEvent,
  RtmsEventKinds,
  StreamLifecycle,
} from './schemas/stream-events.js';
export type { TranscriptSegmentInput } from './schemas/transcript.js';
export { ChatMessage, TranscriptAttributes, TranscriptSegment } from './schemas/transcript.js';
export type { InstanceKind, InstanceProduct, RtmsEventPhase } from './schemas/webhook.js';
export {
  InstanceKinds,
  InstanceWire,
  instanceOf,
  LifecycleEvents,
  MeetingLifecyclePayload,
  RtmsInterruptedPayload,
  RtmsStartedPayload,
  RtmsStoppedPayload,
  rtmsEventName,
  WebhookHeaders,
  ZoomEvents,
  ZoomWebhookEnvelope,
  ZoomWebhookHeaders,
  ZoomWebhookRequest,
} from './schemas/webhook.js';
export type { MediaSubjectKind } from './subjects.js';
export {
  lastToken,
  MediaSubjectKinds,
  SubjectPatterns,
  Subjects,
  token,
  webhookEventOf,
  ZoomApiEndpoints,
} from './subjects.js';
export type { BucketSpec, ConsumerSpec, StreamSpec, TopologyOptions } from './topology.js';
export {
  bucketSpecs,
  consumerSpecs,
  streamSpecs,
  TopologyDefaults,
  transcriptSinkConsumerSpec,
  transcriptSinkLifecycleConsumerSpec,
  transcriptSinkSeenBucketSpec,
} from './topology.js';
