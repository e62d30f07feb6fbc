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
