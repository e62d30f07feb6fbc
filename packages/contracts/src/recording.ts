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

/**
 * Nats-Msg-Id of a recorded frame: stream, kind, user and Zoom's timestamp (the frame's sequence in media
 * time). Not a publish counter: a frame Zoom sends again after a reconnect (buffered audio), or a second
 * connector replica after a takeover, gets the same id and is stored once.
 */
export function recordingFrameId(
  streamId: string,
  kind: RecordingKind,
  userId: number | string,
  timestamp: number,
): string {
  return `${streamId}:${kind}:${userId}:${timestamp}`;
}

/** Nats-Msg-Id of a mark: one start and one end per stream. */
export function recordingMarkId(streamId: string, kind: 'start' | 'end'): string {
  return `${streamId}:mark:${kind}`;
}
