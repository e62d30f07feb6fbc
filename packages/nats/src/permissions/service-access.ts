import {
  Buckets,
  Catalog,
  Consumers,
  ObjectStores,
  Services,
  Streams,
  SubjectPatterns,
  ZoomApiEndpoints,
} from '@rtms/contracts';

// What each NATS user of the system may do, in the contracts' own names: the streams and buckets it provisions,
// the durable consumers it reads, the subjects it publishes and subscribes to. nats-permissions.ts turns an
// entry into the server's publish/subscribe allow lists (JetStream, KV and $SRV API subjects included), and
// auth-config.ts into the `authorization { users }` block. Change a service's use of NATS here, with the code.

export interface ServiceAccess {
  /** Streams the user creates/updates at start-up (provisioning), and reads the info of. */
  provisions: readonly string[];
  /** Durable consumers (stream + name) it reads; `*` as the name: any consumer, including ordered ones. */
  consumers: readonly { stream: string; durable: string }[];
  /** Streams it reads single messages of (`last_by_subj`, direct get). */
  reads: readonly string[];
  /** Streams it may only get single messages of (`$JS.API.STREAM.MSG.GET`): no stream info, no direct get. */
  messageGets?: readonly string[];
  /** KV buckets it reads and writes (and provisions). */
  buckets: readonly string[];
  /** Object store buckets it creates, reads, writes and deletes objects of. */
  objectStores?: readonly string[];
  /** Subjects it publishes to (JetStream-stored or core). */
  publishes: readonly string[];
  /** Core subjects it subscribes to (request/reply endpoints, commands). */
  subscribes: readonly string[];
  /** NATS services (request/reply framework) it runs: `$SRV` discovery, answers to requests. */
  services: readonly string[];
  /** Publishes refused even where an allow above would match (e.g. another reader's consumer). */
  denies?: readonly string[];
}

const none = [] as const;

/** Buckets owned by one service each; the stream-connector's are the rest (registry, leases, replicas, …). */
const ownBuckets: readonly string[] = [Buckets.stopCancels, Buckets.transcriptSinkSeen];
const connectorBuckets = Object.values(Buckets).filter((b) => !ownBuckets.includes(b));

export const ServiceAccessTable = {
  'webhook-gateway': {
    provisions: [Streams.webhooks],
    consumers: none,
    reads: none,
    buckets: none,
    publishes: [Catalog.webhook.pattern],
    subscribes: none,
    services: none,
  },
  'zoom-api': {
    provisions: [Streams.webhooks, Streams.control, Streams.schedule, Streams.deadLetters],
    consumers: [
      { stream: Streams.webhooks, durable: Consumers.zoomApiWebhooks },
      { stream: Streams.schedule, durable: Consumers.zoomApiSchedule },
    ],
    reads: [Streams.schedule],
    buckets: [Buckets.stopCancels],
    publishes: [Catalog.controlEvent.pattern, Catalog.scheduledStop.pattern, Catalog.deadLetter.pattern],
    subscribes: Object.values(ZoomApiEndpoints),
    services: [Services.zoomApi],
  },
  'stream-connector': {
    provisions: [
      Streams.webhooks,
      Streams.transcripts,
      Streams.chat,
      Streams.events,
      Streams.deadLetters,
      Streams.media,
    ],
    consumers: [{ stream: Streams.webhooks, durable: Consumers.connectorWebhooks }],
    reads: [Streams.events],
    buckets: connectorBuckets,
    publishes: [
      Catalog.transcript.pattern,
      Catalog.chat.pattern,
      Catalog.event.pattern,
      Catalog.lifecycle.pattern,
      Catalog.audio.pattern,
      Catalog.video.pattern,
      Catalog.share.pattern,
      Catalog.recordingAudio.pattern,
      Catalog.recordingVideo.pattern,
      Catalog.recordingShare.pattern,
      Catalog.recordingMark.pattern,
      Catalog.deadLetter.pattern,
      SubjectPatterns.connectorControl,
    ],
    subscribes: [SubjectPatterns.connectorControl],
    services: none,
  },
  'transcript-sink': {
    provisions: [Streams.transcripts, Streams.events, Streams.deadLetters],
    // The sink's durable names are configurable, and the live page opens ordered consumers.
    consumers: [
      { stream: Streams.transcripts, durable: '*' },
      { stream: Streams.events, durable: '*' },
    ],
    reads: [Streams.transcripts, Streams.events],
    // The live page's meeting topics: single messages of `zoom.webhook.meeting.started` (no info, no consumer);
    // its recording links: a finished recording's manifest in the recorder's object store, read the same way.
    messageGets: [Streams.webhooks, `OBJ_${ObjectStores.recordings}`],
    buckets: [Buckets.transcriptSinkSeen],
    publishes: [Catalog.deadLetter.pattern],
    subscribes: none,
    services: none,
  },
  'media-recorder': {
    provisions: [Streams.media],
    // A durable per recorded stream (created, read, deleted when finalised), and the ordered consumer that
    // reads again what a killed recorder had been delivered; its replicas' stream leases.
    consumers: [{ stream: Streams.media, durable: '*' }],
    reads: none,
    buckets: [Buckets.recorderLeases],
    objectStores: [ObjectStores.recordings],
    publishes: none,
    subscribes: none,
    services: none,
  },
  /** A subscriber of transcripts (examples/, your own code): reads RTMS_TRANSCRIPTS, writes nothing. */
  'transcript-reader': {
    provisions: none,
    consumers: [{ stream: Streams.transcripts, durable: '*' }],
    reads: [Streams.transcripts],
    buckets: none,
    publishes: none,
    subscribes: [Catalog.transcript.pattern],
    services: none,
    // Its own consumers only: never the transcript-sink's durables (delete, or re-create with another config).
    denies: [
      `$JS.API.CONSUMER.DELETE.${Streams.transcripts}.${Consumers.transcriptSink}`,
      `$JS.API.CONSUMER.CREATE.${Streams.transcripts}.${Consumers.transcriptSink}`,
      `$JS.API.CONSUMER.CREATE.${Streams.transcripts}.${Consumers.transcriptSink}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${Streams.transcripts}.${Consumers.transcriptSink}`,
    ],
  },
} as const satisfies Record<string, ServiceAccess>;

export type NatsUserName = keyof typeof ServiceAccessTable;
export const NatsUserNames = Object.keys(ServiceAccessTable) as NatsUserName[];
