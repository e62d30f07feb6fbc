import { z } from 'zod';

/** `rtms.recording.mark.<id>`: where a stream's media starts and ends, in Zoom's media timestamps (ms). */
export const RecordingMark = z.object({
  v: z.literal(1),
  streamId: z.string().min(1),
  meetingUuid: z.string(),
  /** `start`: Zoom's first packet timestamp. `end`: the stream stopped; `timestamp` is the last media time. */
  kind: z.enum(['start', 'end']),
  timestamp: z.number(),
  /** Wall-clock time the connector published the mark (ms since epoch). */
  at: z.number(),
  reason: z.string().optional(),
});
export type RecordingMark = z.infer<typeof RecordingMark>;

const RecordingFile = z.object({
  /**
   * Object name in the bucket and path under the local folder: `<rtms_stream_id>/audio.wav` (mixed),
   * `<rtms_stream_id>/audio-<user>.wav` (one speaker, when audio is per participant).
   */
  name: z.string().min(1),
  /** e.g. `audio/wav;codec=L16;rate=16000;channels=1`. */
  format: z.string().min(1),
  durationMs: z.number().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** One speaker's own file (audio per participant): whose. Absent on the mixed file. */
  userId: z.string().optional(),
  userName: z.string().optional(),
  /** A video or share file (MP4): media time of its first frame (audio files start at the recording's start). */
  startTimestamp: z.number().optional(),
  /** A video or share file: frames in it. */
  frames: z.number().int().nonnegative().optional(),
});

/** `<rtms_stream_id>/manifest.json` in the `rtms-recordings` object store: what was recorded, with hashes. */
export const RecordingManifest = z.object({
  v: z.literal(1),
  streamId: z.string().min(1),
  meetingUuid: z.string(),
  /** Media time of the recording's first and last sample (Zoom timestamps, ms). */
  startTimestamp: z.number(),
  endTimestamp: z.number(),
  /** Why the recording was finalised: the stream stopped, or nothing arrived for the idle timeout. */
  finalisedBy: z.enum(['stopped', 'idle']),
  finalisedAt: z.number(),
  participants: z.array(z.object({ userId: z.string(), userName: z.string().optional() })),
  files: z.array(RecordingFile),
});
export type RecordingManifest = z.infer<typeof RecordingManifest>;
