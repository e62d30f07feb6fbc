import { createHash } from 'node:crypto';
import { token } from './subjects.js';

// The replayable media path of recordings (docs/media-recorder.md): when recording is on, the connector also
// publishes media into the RTMS_MEDIA stream (short retention), where the media recorder reads it with a
// durable consumer and resumes where it stopped. Marks (start, end) travel in the same stream, so an end is
// read after the stream's last frame.

/** Media kinds recorded; the marks subject carries a stream's start and end. */
const RecordingKinds = ['audio', 'video', 'share'] as const;
export type RecordingKind = (typeof RecordingKinds)[number];

export const RecordingSubjects = {
  /** `rtms.recording.audio.<id>`: audio frames as on `rtms.audio.<id>`, stored. */
  audio: (streamId: string) => `rtms.recording.audio.${token(streamId, 'rtms_stream_id')}`,
  /** `rtms.recording.video.<id>`: video frames as on `rtms.video.<id>`, stored. */
  video: (streamId: string) => `rtms.recording.video.${token(streamId, 'rtms_stream_id')}`,
  /** `rtms.recording.share.<id>`: screen-share frames as on `rtms.share.<id>`, stored. */
  share: (streamId: string) => `rtms.recording.share.${token(streamId, 'rtms_stream_id')}`,
  /** `rtms.recording.mark.<id>`: the stream's start (first packet) and end (stopped). */
  mark: (streamId: string) => `rtms.recording.mark.${token(streamId, 'rtms_stream_id')}`,
} as const;

export const RecordingSubjectPatterns = {
  /** Everything the recorder reads (one filter subject, nats-server 2.9). */
  all: 'rtms.recording.>',
  audio: 'rtms.recording.audio.*',
  video: 'rtms.recording.video.*',
  share: 'rtms.recording.share.*',
  marks: 'rtms.recording.mark.*',
} as const;

const PREFIX = 'rtms.recording.';

/** `rtms.recording.*.<id>`: one recorded stream's frames of every kind and its marks (its durable's filter). */
export const recordingStreamFilter = (streamId: string) => `${PREFIX}*.${streamId}`;

/** The kind of a recording subject (`audio`, `video`, `share`, or `mark`); undefined for another subject. */
export function recordingKindOf(subject: string): RecordingKind | 'mark' | undefined {
  if (!subject.startsWith(PREFIX)) return undefined;
  const kind = subject.slice(PREFIX.length, subject.indexOf('.', PREFIX.length));
  return kind === 'mark' || (RecordingKinds as readonly string[]).includes(kind)
    ? (kind as RecordingKind | 'mark')
    : undefined;
}

/**
 * Nats-Msg-Id of a recorded frame: stream, kind, user and Zoom's timestamp (the frame's sequence in media
 * time). Not a publish counter: a frame Zoom sends again after a reconnect (buffered audio), or a second
 * connector replica after a takeover, gets the same id and is stored once.
 *
 * Video and share ids also end in a hash of the payload (`payload`: the base64 text as Zoom sent it): an H.264
 * picture may come as several messages with one timestamp (parameter sets, then the IDR slice; or one slice
 * per message; docs/rtms-protocol.md §4.3), which must all be stored, while a resend of the same message has
 * the same bytes, so the same id, whoever publishes it and whatever came before it. Audio ids have no hash: a
 * second audio message of a user at one timestamp is a repeat.
 */
export function recordingFrameId(
  streamId: string,
  kind: 'audio',
  userId: number | string,
  timestamp: number,
): string;
export function recordingFrameId(
  streamId: string,
  kind: RecordingKind,
  userId: number | string,
  timestamp: number,
  payload: string,
): string;
export function recordingFrameId(
  streamId: string,
  kind: RecordingKind,
  userId: number | string,
  timestamp: number,
  payload?: string,
): string {
  const base = `${streamId}:${kind}:${userId}:${timestamp}`;
  if (kind === 'audio') return base;
  return `${base}:${createHash('sha256')
    .update(payload ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}

/** Nats-Msg-Id of a mark: one start and one end per stream. */
export function recordingMarkId(streamId: string, kind: 'start' | 'end'): string {
  return `${streamId}:mark:${kind}`;
}
