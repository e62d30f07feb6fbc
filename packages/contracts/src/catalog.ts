import type { z } from 'zod';
import { Streams } from './names.js';
import { RecordingSubjectPatterns } from './recording.js';
import { ControlEvent, ScheduledStop } from './schemas/control.js';
import { DeadLetter } from './schemas/ownership.js';
import { RecordingMark } from './schemas/recording.js';
import { MediaHeaderValues, RtmsEvent, StreamLifecycle } from './schemas/stream-events.js';
import { ChatMessage, TranscriptSegment } from './schemas/transcript.js';
import { ZoomWebhookEnvelope } from './schemas/webhook.js';
import { SubjectPatterns } from './subjects.js';

export interface CatalogEntry {
  /** Subscription pattern of the subject family. */
  pattern: string;
  /** `jetstream`: stored in `stream`, at-least-once. `core`: core NATS, at-most-once, lowest latency. */
  transport: 'jetstream' | 'core';
  stream?: string;
  /** `json`: the payload is validated by `schema`. `binary`: raw bytes, `schema` validates the headers. */
  encoding: 'json' | 'binary';
  schema: z.ZodType;
  description: string;
}

/** Subject family → schema. Publishers encode and consumers decode through it (see codec.ts). */
export const Catalog = {
  webhook: {
    pattern: SubjectPatterns.webhooks,
    transport: 'jetstream',
    stream: Streams.webhooks,
    encoding: 'json',
    schema: ZoomWebhookEnvelope,
    description: 'Every verified Zoom webhook, body verbatim; receive metadata in headers',
  },
  transcript: {
    pattern: SubjectPatterns.transcripts,
    transport: 'jetstream',
    stream: Streams.transcripts,
    encoding: 'json',
    schema: TranscriptSegment,
    description: 'One message per transcript segment',
  },
  chat: {
    pattern: SubjectPatterns.chat,
    transport: 'jetstream',
    stream: Streams.chat,
    encoding: 'json',
    schema: ChatMessage,
    description: 'One message per chat message',
  },
  event: {
    pattern: SubjectPatterns.events,
    transport: 'jetstream',
    stream: Streams.events,
    encoding: 'json',
    schema: RtmsEvent,
    description: 'Participants, active speaker, sharing, session and stream state',
  },
  lifecycle: {
    pattern: SubjectPatterns.lifecycle,
    transport: 'jetstream',
    stream: Streams.events,
    encoding: 'json',
    schema: StreamLifecycle,
    description:
      'Connection lifecycle: connecting, connected, interrupted, reconnecting, reconnected, stopped',
  },
  audio: {
    pattern: SubjectPatterns.audio,
    transport: 'core',
    encoding: 'binary',
    schema: MediaHeaderValues,
    description: 'Raw audio frames (L16 PCM by default); metadata in headers',
  },
  video: {
    pattern: SubjectPatterns.video,
    transport: 'core',
    encoding: 'binary',
    schema: MediaHeaderValues,
    description: 'Raw video frames (JPG by default); metadata in headers',
  },
  share: {
    pattern: SubjectPatterns.share,
    transport: 'core',
    encoding: 'binary',
    schema: MediaHeaderValues,
    description: 'Raw screen-share frames (JPG by default); metadata in headers',
  },
  recordingAudio: {
    pattern: RecordingSubjectPatterns.audio,
    transport: 'jetstream',
    stream: Streams.media,
    encoding: 'binary',
    schema: MediaHeaderValues,
    description:
      'Audio frames kept for the recorder (recording on); Nats-Msg-Id from stream, user, timestamp',
  },
  recordingVideo: {
    pattern: RecordingSubjectPatterns.video,
    transport: 'jetstream',
    stream: Streams.media,
    encoding: 'binary',
    schema: MediaHeaderValues,
    description:
      'Video frames kept for the recorder (recording on); Nats-Msg-Id from stream, user, timestamp',
  },
  recordingShare: {
    pattern: RecordingSubjectPatterns.share,
    transport: 'jetstream',
    stream: Streams.media,
    encoding: 'binary',
    schema: MediaHeaderValues,
    description:
      'Screen-share frames kept for the recorder (recording on); Nats-Msg-Id from stream, user, timestamp',
  },
  recordingMark: {
    pattern: RecordingSubjectPatterns.marks,
    transport: 'jetstream',
    stream: Streams.media,
    encoding: 'json',
    schema: RecordingMark,
    description: "A recorded stream's start (first packet) and end (stopped)",
  },
  controlEvent: {
    pattern: SubjectPatterns.controlEvents,
    transport: 'jetstream',
    stream: Streams.control,
    encoding: 'json',
    schema: ControlEvent,
    description: 'Outcome of each RTMS REST call made by zoom-api',
  },
  scheduledStop: {
    pattern: SubjectPatterns.scheduledStops,
    transport: 'jetstream',
    stream: Streams.schedule,
    encoding: 'json',
    schema: ScheduledStop,
    description: 'A pending delayed RTMS stop (internal to zoom-api)',
  },
  deadLetter: {
    pattern: SubjectPatterns.deadLetters,
    transport: 'jetstream',
    stream: Streams.deadLetters,
    encoding: 'json',
    schema: DeadLetter,
    description: 'A message a consumer could not process, with the reason',
  },
} as const satisfies Record<string, CatalogEntry>;

export type CatalogKey = keyof typeof Catalog;
/** Payload type of a catalogue entry, derived from its schema. */
export type PayloadOf<K extends CatalogKey> = z.infer<(typeof Catalog)[K]['schema']>;
export type PayloadInputOf<K extends CatalogKey> = z.input<(typeof Catalog)[K]['schema']>;
