// @rtms/contracts: the public API of the system on NATS. Subjects, stream/consumer/bucket names and message
// schemas are defined here once; services and subscribers import them from this entry only.

export type { CatalogKey, PayloadInputOf, PayloadOf } from './catalog.js';
export { Catalog } from './catalog.js';
export { decodeJson, encodeJson } from './codec.js';
export { InvalidSubjectTokenError, MessageValidationError } from './errors.js';
export { chatMessageId, transcriptSegmentId, webhookMessageId } from './ids.js';
export { Buckets, Consumers, ObjectStores, Services, Streams } from './names.js';
export {
  RecordingSubjectPatterns,
  RecordingSubjects,
  recordingFrameId,
  recordingKindOf,
  recordingMarkId,
  recordingStreamFilter,
} from './recording.js';
export { recordingsStoreSpec } from './recording-store.js';
export type { RtmsAction } from './schemas/control.js';
export {
  CancelStopRequest,
  ControlEvent,
  RtmsActions,
  RtmsControlReply,
  RtmsControlRequest,
  ScheduledStop,
  ScheduleStopRequest,
  StopCancellation,
  StopCancellationKeys,
} from './schemas/control.js';
export { DeadLetter, ReplicaHeartbeat, StreamLease, StreamRegistryEntry } from './schemas/ownership.js';
export { RecordingManifest, RecordingMark } from './schemas/recording.js';
export type { LifecycleState, RtmsEventKind } from './schemas/stream-events.js';
export {
  MediaHeaders,
  MediaHeaderValues,
  RtmsEvent,
  StreamLifecycle,
} from './schemas/stream-events.js';
export type { TranscriptSegmentInput } from './schemas/transcript.js';
export { ChatMessage, TranscriptSegment } from './schemas/transcript.js';
export type { InstanceKind, InstanceProduct } from './schemas/webhook.js';
export {
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
export {
  recorderConsumerSpec,
  recorderLeasesBucketSpec,
  transcriptSinkConsumerSpec,
  transcriptSinkLifecycleConsumerSpec,
  transcriptSinkSeenBucketSpec,
} from './service-topology.js';
export {
  lastToken,
  SubjectPatterns,
  Subjects,
  token,
  webhookEventOf,
  ZoomApiEndpoints,
} from './subjects.js';
export type { BucketSpec, ConsumerSpec, StreamSpec } from './topology.js';
export { bucketSpecs, consumerSpecs, streamSpecs, TopologyDefaults } from './topology.js';
