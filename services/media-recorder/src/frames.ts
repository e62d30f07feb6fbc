import type { JsMsg } from '@nats-io/jetstream';
import { decodeJson, MediaHeaders, MediaHeaderValues, recordingKindOf } from '@rtms/contracts';
import type { Logger } from 'pino';
import type { AudioFormat } from './format.js';
import type { RecorderMetrics } from './metrics.js';
import type { StreamRecording } from './recording.js';
import type { ImageKind } from './store.js';
import { H264_FORMAT } from './video/h264-mp4.js';
import { CONFLICT } from './video/image-track.js';

// Placing one recorded frame in its stream's tracks. Each returns when the message may be acknowledged: once
// every track it went into has stored it (or at once, for a frame refused or not recorded).

export interface FrameContext {
  metrics: RecorderMetrics;
  log: Logger;
  /** The parsed audio format of a Rtms-Format header (cached), or undefined when not understood. */
  audioFormat(header: string): AudioFormat | undefined;
}

const DONE = () => true;

/** Video and share frames that become an MP4: images (encoded), H.264 (remuxed); docs/media-recorder.md. */
const IMAGE_FORMATS = new Set(['image/jpeg', 'image/png', H264_FORMAT]);

/** The frame's headers (`MediaHeaderValues`), or undefined (counted, logged) when they are not valid. */
function frameHeaders(msg: JsMsg, ctx: FrameContext): MediaHeaderValues | undefined {
  const h = msg.headers;
  const parsed = MediaHeaderValues.safeParse({
    userId: h?.get(MediaHeaders.userId),
    userName: h?.get(MediaHeaders.userName) || undefined,
    timestamp: h?.get(MediaHeaders.timestamp),
    format: h?.get(MediaHeaders.format),
    meetingUuid: h?.get(MediaHeaders.meetingUuid) ?? '',
  });
  if (parsed.success) return parsed.data;
  ctx.metrics.frames.inc({ outcome: 'invalid' });
  ctx.log.warn({ subject: msg.subject, seq: msg.seq, err: parsed.error }, 'invalid media headers: skipped');
  return undefined;
}

function placeAudio(
  rec: StreamRecording,
  h: MediaHeaderValues,
  data: Uint8Array,
  ctx: FrameContext,
): () => boolean {
  const format = ctx.audioFormat(h.format);
  const track = format && rec.trackFor(h, format);
  if (!track) {
    ctx.metrics.frames.inc({ outcome: 'ignored' });
    if (rec.unrecordable) {
      ctx.log.warn(
        { streamId: rec.streamId, format: h.format },
        'audio format not recorded (L16, G.711, G.722, Opus at their rates)',
      );
      rec.unrecordable = undefined;
    }
    return DONE;
  }
  const { userId, timestamp } = h;
  rec.addParticipant(userId, h.userName);
  const speaker = rec.speakerTrack(userId)?.track;
  // A redelivered frame both tracks have: refused before it reaches a stateful decoder (G.722, Opus), whose
  // state a frame decoded twice would disturb.
  if (track.repeats(timestamp, userId) && (!speaker || speaker.repeats(timestamp, userId))) {
    ctx.metrics.frames.inc({ outcome: 'late' });
    return DONE;
  }
  // Coded audio becomes 16-bit PCM here: tracks, parts and WAVs hold 16-bit samples whatever the codec.
  let pcm: Uint8Array;
  try {
    pcm = rec.decoders.pcm(track.format, userId, data);
  } catch (err) {
    ctx.metrics.frames.inc({ outcome: 'invalid' });
    ctx.log.warn({ streamId: rec.streamId, userId, err }, 'audio frame not decodable: skipped');
    return DONE;
  }
  // The mixed track, and the speaker's own one when audio is per participant. Each track refuses what it
  // has stored already (a restart may have stored one and not the other): late only when both refuse.
  const end = track.place(timestamp, pcm, userId);
  const speakerEnd = speaker ? speaker.place(timestamp, pcm, userId) : -1;
  if (end < 0 && speakerEnd < 0) {
    ctx.metrics.frames.inc({ outcome: 'late' });
    return DONE;
  }
  ctx.metrics.frames.inc({ outcome: 'placed' });
  return () =>
    rec.final ||
    ((end < 0 || track.committed >= end) && (!speaker || speakerEnd < 0 || speaker.committed >= speakerEnd));
}

function placeImage(
  rec: StreamRecording,
  kind: ImageKind,
  h: MediaHeaderValues,
  data: Uint8Array,
  ctx: FrameContext,
): () => boolean {
  const known = rec.images.get(kind);
  if (!IMAGE_FORMATS.has(h.format) || (known && known.track.format !== h.format)) {
    ctx.metrics.frames.inc({ outcome: 'ignored' });
    if (!rec.warned.has(kind)) {
      rec.warned.add(kind);
      ctx.log.warn(
        { streamId: rec.streamId, kind, format: h.format },
        'frames not recorded (JPEG, PNG or H.264 only, one format per track)',
      );
    }
    return DONE;
  }
  rec.addParticipant(h.userId, h.userName);
  const track = rec.imageTrack(kind, h.format, h);
  const at = track.place(h.timestamp, data);
  if (at === CONFLICT) {
    // A JPEG/PNG different from the one its timestamp holds: one sample per timestamp, the first one stays.
    ctx.metrics.frames.inc({ outcome: 'conflict' });
    if (!rec.warned.has(`${kind}:conflict`)) {
      rec.warned.add(`${kind}:conflict`);
      ctx.log.warn(
        { streamId: rec.streamId, kind, timestamp: h.timestamp },
        'a second, different image at a timestamp: the first one kept (counted as outcome=conflict)',
      );
    }
    return DONE;
  }
  if (at < 0) {
    ctx.metrics.frames.inc({ outcome: 'late' });
    return DONE;
  }
  ctx.metrics.frames.inc({ outcome: 'placed' });
  return () => rec.final || track.committed >= at;
}

/** Places any message of a recorded stream: a mark, or an audio, video or share frame. */
export function placeMessage(rec: StreamRecording, msg: JsMsg, ctx: FrameContext): () => boolean {
  const kind = recordingKindOf(msg.subject);
  if (kind === 'mark') return placeMark(rec, msg, ctx);
  const headers = frameHeaders(msg, ctx);
  if (!headers) return DONE;
  if (rec.final) {
    // A frame after the recording was finalised (the end mark came first): not a new recording.
    ctx.metrics.frames.inc({ outcome: 'late' });
    return DONE;
  }
  if (kind === 'video' || kind === 'share') return placeImage(rec, kind, headers, msg.data, ctx);
  return placeAudio(rec, headers, msg.data, ctx);
}

function placeMark(rec: StreamRecording, msg: JsMsg, ctx: FrameContext): () => boolean {
  const decoded = decodeJson('recordingMark', msg.subject, msg.data);
  if (!decoded.ok) {
    ctx.log.warn(
      { subject: msg.subject, seq: msg.seq, err: decoded.error },
      'invalid recording mark: skipped',
    );
    return DONE;
  }
  const mark = decoded.value;
  rec.meetingUuid ||= mark.meetingUuid;
  if (mark.kind === 'start') {
    rec.start(mark.timestamp);
    return () => rec.final || (rec.state() !== undefined && rec.stateStored);
  }
  rec.endMark = mark.timestamp;
  return () => rec.final;
}
