// Every JetStream stream, durable consumer, KV bucket and NATS service name in the system, defined once.
// docs/subjects.md documents them; a test fails when the two disagree.

/** JetStream streams. */
export const Streams = {
  /** Every verified Zoom webhook, body verbatim (`zoom.webhook.>`). */
  webhooks: 'ZOOM_WEBHOOKS',
  /** Transcript segments (`rtms.transcript.>`). */
  transcripts: 'RTMS_TRANSCRIPTS',
  /** In-meeting chat messages (`rtms.chat.>`). */
  chat: 'RTMS_CHAT',
  /** Participant/speaker/sharing/state events and connection lifecycle (`rtms.event.>`, `rtms.lifecycle.>`). */
  events: 'RTMS_EVENTS',
  /** Outcomes of RTMS start/stop/pause/resume calls (`rtms.control.events.>`). */
  control: 'RTMS_CONTROL',
  /** Durable delayed work, such as the delayed RTMS stop (`rtms.schedule.>`), work-queue retention. */
  schedule: 'RTMS_SCHEDULE',
  /** Messages a consumer could not process (`rtms.dlq.>`). */
  deadLetters: 'RTMS_DLQ',
  /** Media kept for the recorder when recording is on (`rtms.recording.>`), short retention. */
  media: 'RTMS_MEDIA',
} as const;

/** Durable consumer names. Consumers of one name are shared by all replicas of a service. */
export const Consumers = {
  /** zoom-api: meeting.started / meeting.ended / rtms_stopped webhooks → REST calls. */
  zoomApiWebhooks: 'zoom-api',
  /** zoom-api: due delayed stops on RTMS_SCHEDULE. */
  zoomApiSchedule: 'zoom-api-schedule',
  /** stream-connector: RTMS lifecycle webhooks → stream registry. */
  connectorWebhooks: 'stream-connector',
  /** transcript-sink default durable name (configurable, so independent sinks each get every segment). */
  transcriptSink: 'transcript-sink',
  /** transcript-sink: stream lifecycle (stopped → end of transcript, WebVTT/SRT); always `<sink consumer>-lifecycle`. */
  transcriptSinkLifecycle: 'transcript-sink-lifecycle',
  /** media-recorder: one durable per recorded stream, `media-recorder-<rtms_stream_id>` (recorderConsumerSpec). */
  mediaRecorder: 'media-recorder',
} as const;

/** Key-value buckets. */
export const Buckets = {
  /** rtms_stream_id → desired state of the stream (server URLs, generation, stopped). */
  streams: 'rtms-streams',
  /** rtms_stream_id → owning connector replica, a lease renewed by compare-and-set. */
  leases: 'rtms-leases',
  /** connector replica id → its heartbeat: a replica silent past RTMS_REPLICA_DEAD_MS has its leases taken over. */
  replicas: 'rtms-connector-replicas',
  /** zoom-api: meeting id / meeting UUID → cancelled delayed stops (every RTMS_SCHEDULE seq up to N). */
  stopCancels: 'rtms-stop-cancels',
  /** media-recorder: rtms_stream_id → the recorder replica writing it, a lease renewed by compare-and-set. */
  recorderLeases: 'media-recorder-leases',
  /** `<sink consumer>.<rtms_stream_id>.<segment hash>` → segments a transcript sink has logged (redelivery guard). */
  transcriptSinkSeen: 'transcript-sink-seen',
} as const;

/** Object store buckets. */
export const ObjectStores = {
  /** media-recorder: `<rtms_stream_id>/audio.wav`, `manifest.json`, and checkpointed parts while recording. */
  recordings: 'rtms-recordings',
} as const;

/** NATS services (request/reply, discoverable with $SRV.PING / $SRV.INFO / $SRV.STATS). */
export const Services = {
  zoomApi: 'zoom-api',
} as const;
