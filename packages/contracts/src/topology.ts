import { Buckets, Consumers, Streams } from './names.js';
import { RecordingSubjectPatterns } from './recording.js';
import { SubjectPatterns } from './subjects.js';

// The JetStream topology as data: nats' provisioning turns these into stream, consumer and KV configs.
// Only features of nats-server 2.9 are used (one filter subject per consumer, bucket-wide KV TTL).

export interface StreamSpec {
  name: string;
  description: string;
  subjects: string[];
  storage: 'file' | 'memory';
  retention: 'limits' | 'workqueue';
  maxAgeMs: number;
  /** Server-side dedupe by Nats-Msg-Id inside this window (must not exceed maxAgeMs). */
  duplicateWindowMs: number;
  maxMsgSize?: number;
}

export interface ConsumerSpec {
  stream: string;
  durable: string;
  description: string;
  filterSubject?: string;
  ackWaitMs: number;
  /** -1 = unlimited. */
  maxDeliver: number;
  maxAckPending: number;
  deliverPolicy: 'all' | 'new';
  /** `explicit` (default): each message acked. `all`: an ack acknowledges every earlier message too. */
  ackPolicy?: 'explicit' | 'all';
}

export interface BucketSpec {
  name: string;
  description: string;
  /** Bucket-wide entry TTL (0 = none). */
  ttlMs: number;
  history: number;
  storage: 'file' | 'memory';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Knobs users may turn (retention, dedupe window); everything else is fixed by the design. */
export interface TopologyOptions {
  webhookRetentionMs?: number;
  /** Zoom resends up to ~85 min later (+5, +20, +60 min): the window must cover that. */
  webhookDuplicateWindowMs?: number;
  transcriptRetentionMs?: number;
  eventRetentionMs?: number;
  leaseTtlMs?: number;
  /** media-recorder stream leases: how soon a dead recorder replica's streams are taken over. */
  recorderLeaseTtlMs?: number;
  /** How long recorded media stays in RTMS_MEDIA: the longest recorder outage a recording survives. */
  mediaRetentionMs?: number;
  /** How long finished recordings stay in the rtms-recordings object store (0 = until deleted). */
  recordingRetentionMs?: number;
}

export const TopologyDefaults = {
  webhookRetentionMs: 7 * DAY,
  webhookDuplicateWindowMs: 3 * HOUR,
  transcriptRetentionMs: 7 * DAY,
  eventRetentionMs: 3 * DAY,
  // Well below Zoom's media reconnect window (30-65 s): a crashed replica's streams are free again within
  // this, and reconnected by another replica within about 1.5x of it (docs/stream-connector.md).
  leaseTtlMs: 5_000,
  mediaRetentionMs: 15 * MINUTE,
  recordingRetentionMs: 30 * DAY,
  // A dead recorder replica's streams are taken over within this (frames wait in RTMS_MEDIA meanwhile).
  recorderLeaseTtlMs: 10_000,
} as const satisfies Required<TopologyOptions>;

export function streamSpecs(options: TopologyOptions = {}): StreamSpec[] {
  const o = { ...TopologyDefaults, ...options };
  return [
    {
      name: Streams.webhooks,
      description: 'Verified Zoom webhooks, body verbatim',
      subjects: [SubjectPatterns.webhooks],
      storage: 'file',
      retention: 'limits',
      maxAgeMs: o.webhookRetentionMs,
      duplicateWindowMs: Math.min(o.webhookDuplicateWindowMs, o.webhookRetentionMs),
      maxMsgSize: 1024 * 1024,
    },
    {
      name: Streams.transcripts,
      description: 'RTMS transcript segments',
      subjects: ['rtms.transcript.>'],
      storage: 'file',
      retention: 'limits',
      maxAgeMs: o.transcriptRetentionMs,
      duplicateWindowMs: 10 * MINUTE,
    },
    {
      name: Streams.chat,
      description: 'RTMS chat messages',
      subjects: ['rtms.chat.>'],
      storage: 'file',
      retention: 'limits',
      maxAgeMs: o.transcriptRetentionMs,
      duplicateWindowMs: 10 * MINUTE,
    },
    {
      name: Streams.events,
      description: 'RTMS stream events and connection lifecycle',
      subjects: ['rtms.event.>', 'rtms.lifecycle.>'],
      storage: 'file',
      retention: 'limits',
      maxAgeMs: o.eventRetentionMs,
      duplicateWindowMs: 2 * MINUTE,
    },
    {
      name: Streams.control,
      description: 'Outcomes of RTMS start/stop/pause/resume calls',
      subjects: ['rtms.control.events.>'],
      storage: 'file',
      retention: 'limits',
      maxAgeMs: o.eventRetentionMs,
      duplicateWindowMs: 2 * MINUTE,
    },
    {
      name: Streams.schedule,
      description: 'Durable delayed work (delayed RTMS stops)',
      subjects: ['rtms.schedule.>'],
      storage: 'file',
      retention: 'workqueue',
      maxAgeMs: 2 * DAY,
      duplicateWindowMs: 10 * MINUTE,
    },
    {
      name: Streams.media,
      description: 'Media for the recorder (when recording is on), short retention',
      subjects: [RecordingSubjectPatterns.all],
      storage: 'file',
      retention: 'limits',
      maxAgeMs: o.mediaRetentionMs,
      duplicateWindowMs: Math.min(2 * MINUTE, o.mediaRetentionMs),
      maxMsgSize: 1024 * 1024,
    },
    {
      name: Streams.deadLetters,
      description: 'Messages consumers could not process',
      subjects: ['rtms.dlq.>'],
      storage: 'file',
      retention: 'limits',
      maxAgeMs: 14 * DAY,
      duplicateWindowMs: 2 * MINUTE,
    },
  ];
}

export function consumerSpecs(): ConsumerSpec[] {
  return [
    {
      stream: Streams.webhooks,
      durable: Consumers.zoomApiWebhooks,
      description: 'zoom-api: meeting and RTMS webhooks to REST calls',
      filterSubject: SubjectPatterns.webhooks,
      ackWaitMs: 30_000,
      maxDeliver: -1,
      maxAckPending: 256,
      deliverPolicy: 'new',
    },
    {
      stream: Streams.schedule,
      durable: Consumers.zoomApiSchedule,
      description: 'zoom-api: delayed stops, redelivered with a delay until due',
      filterSubject: SubjectPatterns.scheduledStops,
      // Short, with in-progress acks while a stop call runs: a replica killed mid-call frees the stop soon.
      ackWaitMs: 10_000,
      maxDeliver: -1,
      maxAckPending: 10_000,
      deliverPolicy: 'all',
    },
    {
      stream: Streams.webhooks,
      durable: Consumers.connectorWebhooks,
      description: 'stream-connector: RTMS webhooks to the stream registry',
      filterSubject: SubjectPatterns.webhooks,
      ackWaitMs: 30_000,
      maxDeliver: -1,
      maxAckPending: 256,
      deliverPolicy: 'new',
    },
  ];
}

/**
 * The durable consumer of one transcript sink; the name is configurable so independent sinks coexist.
 * One segment in flight at a time: after a crash nothing newer is delivered before the segment that was in
 * hand (redelivered after the short ack wait), so the transcript goes on in order where it stopped.
 */
/**
 * The media recorder's durable for one recorded stream: its media and marks (`rtms.recording.*.<id>`, one
 * filter subject), acknowledged (ack all) at each checkpoint once stored. One per stream, so replicas share the
 * streams (the holder of the stream's lease in `media-recorder-leases` reads it) and a slow stream holds back
 * only its own acknowledgements; deleted once the recording is finalised.
 */
export function recorderConsumerSpec(streamId: string): ConsumerSpec {
  return {
    stream: Streams.media,
    durable: `${Consumers.mediaRecorder}-${streamId}`,
    description: 'media-recorder: one recorded stream, acknowledged at each checkpoint',
    filterSubject: `rtms.recording.*.${streamId}`,
    // A recorder killed between two checkpoints: the next lease holder reads again from the ack floor.
    ackWaitMs: 60_000,
    maxDeliver: -1,
    maxAckPending: 100_000,
    deliverPolicy: 'all',
    ackPolicy: 'all',
  };
}

/** The recorder replicas' stream leases (bucket-wide TTL: a dead replica's leases expire). */
export function recorderLeasesBucketSpec(ttlMs: number = TopologyDefaults.recorderLeaseTtlMs): BucketSpec {
  return {
    name: Buckets.recorderLeases,
    description: 'media-recorder: which replica writes which recorded stream',
    ttlMs,
    history: 1,
    storage: 'file',
  };
}

export function transcriptSinkConsumerSpec(durable: string = Consumers.transcriptSink): ConsumerSpec {
  return {
    stream: Streams.transcripts,
    durable,
    description: 'transcript-sink: log (and file) every transcript segment',
    filterSubject: 'rtms.transcript.>',
    // A segment takes milliseconds to write; a crashed sink's segment comes back this soon.
    ackWaitMs: 5_000,
    maxDeliver: -1,
    maxAckPending: 1,
    deliverPolicy: 'all',
  };
}

/**
 * The lifecycle consumer of one transcript sink (it logs the end of a stream's transcript and writes its
 * WebVTT/SRT files). Its name is derived from the sink's transcript consumer, so one setting names both.
 */
export function transcriptSinkLifecycleConsumerSpec(
  sinkDurable: string = Consumers.transcriptSink,
): ConsumerSpec {
  return {
    stream: Streams.events,
    durable: `${sinkDurable}-lifecycle`,
    description: 'transcript-sink: stream lifecycle (end of a transcript, caption files)',
    filterSubject: 'rtms.lifecycle.>',
    ackWaitMs: 30_000,
    maxDeliver: -1,
    maxAckPending: 100,
    deliverPolicy: 'all',
  };
}

/**
 * Segments each transcript sink has logged, keyed `<sink consumer>.<rtms_stream_id>.<segment hash>`: a
 * redelivered segment is recognised and not logged twice. Entries live as long as the transcripts.
 */
export function transcriptSinkSeenBucketSpec(options: TopologyOptions = {}): BucketSpec {
  const o = { ...TopologyDefaults, ...options };
  return {
    name: Buckets.transcriptSinkSeen,
    description: 'transcript-sink: segments already logged, per sink consumer',
    ttlMs: o.transcriptRetentionMs,
    history: 1,
    storage: 'file',
  };
}

export function bucketSpecs(options: TopologyOptions = {}): BucketSpec[] {
  const o = { ...TopologyDefaults, ...options };
  return [
    {
      name: Buckets.streams,
      description: 'RTMS stream registry: desired state per rtms_stream_id',
      ttlMs: 2 * DAY,
      history: 1,
      storage: 'file',
    },
    {
      name: Buckets.leases,
      description: 'RTMS stream ownership leases',
      ttlMs: o.leaseTtlMs,
      history: 1,
      storage: 'file',
    },
    {
      name: Buckets.replicas,
      description: "stream-connector replica heartbeats (fast takeover of a dead replica's leases)",
      // Only a clean-up of replicas gone for good: liveness is judged from the last write's time.
      ttlMs: MINUTE,
      history: 1,
      storage: 'file',
    },
    {
      name: Buckets.stopCancels,
      description: 'zoom-api: cancelled delayed stops per meeting id / meeting UUID',
      // Outlives the longest delayed stop (1 day) and the RTMS_SCHEDULE max age.
      ttlMs: 2 * DAY,
      history: 1,
      storage: 'file',
    },
  ];
}
