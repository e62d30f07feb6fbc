import {
  type AudioParams,
  Codec,
  DataOption,
  type MediaKind,
  MsgType,
  TranscriptAttribute,
} from '@rtms/zoom-protocol';
import type { MediaConn, Stream } from '../model.js';
import { audioPayload, MAX_OPUS_FRAMES } from './audio-payloads.js';
import { framePayload, splitParameterSets } from './payloads.js';
import { activeOrLastSpeaker, segmentAt, speakerAt } from './timeline.js';

// Media frames due on one socket up to a media offset. Everything is a pure function of the stream's
// cursors, its timeline and its timestamp base, so the frames of a stream repeat exactly for a seed. Frames
// are built with string templates (no JSON.stringify of objects per audio frame).

export interface OutFrame {
  /**
   * Media offset at which the frame became due (audio: the end of its samples). Frames go out in due order,
   * so a socket's byte stream does not depend on when ticks happen to fire.
   */
  due: number;
  kind: MediaKind;
  text: string;
}

/** Upper bound of frames one socket gets per tick (a reconnect with 60 s of buffered audio drains over ticks). */
const MAX_FRAMES_PER_TICK = 250;

const q = (s: string) => JSON.stringify(s);

function binaryFrame(
  msgType: number,
  userId: number,
  userName: string | undefined,
  b64: string,
  length: number,
  ts: number,
) {
  const name = userName === undefined ? '' : `,"user_name":${q(userName)}`;
  return `{"msg_type":${msgType},"content":{"user_id":${userId}${name},"data":"${b64}","length":${length},"timestamp":${ts}}}`;
}

function audio(stream: Stream, params: AudioParams, mediaMs: number, out: OutFrame[]): void {
  const m = stream.meeting;
  // 20 ms frames per message; an Opus message is one packet, at most 120 ms (audio-payloads.ts).
  const per = Math.min(
    params.send_rate / 20,
    params.codec === Codec.OPUS ? MAX_OPUS_FRAMES : Number.MAX_SAFE_INTEGER,
  );
  const tsBase = (stream.clock as { tsBase: number }).tsBase;
  const multi = params.data_opt === DataOption.AUDIO_MULTI_STREAMS;
  const skipSilence = multi || m.silentAudio === 'none';
  let n = 0;
  while ((stream.cursors.audio + per) * 20 <= mediaMs && n < MAX_FRAMES_PER_TICK) {
    const offset = stream.cursors.audio * 20;
    stream.cursors.audio += per;
    n++;
    const speaker = m.speakers[speakerAt(m.timeline, offset)];
    // Muted/silent users send nothing in multi-stream mode; the mixed stream carries silence unless the
    // meeting says `silentAudio: 'none'` (Zoom sends nothing while no one speaks).
    if (skipSilence && !speaker) continue;
    // The message's number in media time: stateful codecs' runs cycle by it (audio-payloads.ts).
    const p = audioPayload(speaker?.toneHz ?? 0, params, per, offset / (per * 20));
    const text = multi
      ? binaryFrame(
          MsgType.MEDIA_DATA_AUDIO,
          (speaker as { userId: number }).userId,
          speaker?.userName,
          p.b64,
          p.length,
          tsBase + offset,
        )
      : binaryFrame(MsgType.MEDIA_DATA_AUDIO, 0, undefined, p.b64, p.length, tsBase + offset);
    out.push({ due: stream.cursors.audio * 20, kind: 'audio', text });
  }
}

/** Video and share frames at `fps`: `pick` names who is on screen at an offset (undefined = no frame). */
function imageFrames(
  stream: Stream,
  kind: 'video' | 'deskshare',
  params: { codec: number; fps: number },
  mediaMs: number,
  pick: (offset: number) => { userId: number; userName: string; colour: number | 'share' } | undefined,
  out: OutFrame[],
  setsApart: boolean,
): void {
  const interval = 1000 / params.fps;
  const tsBase = (stream.clock as { tsBase: number }).tsBase;
  const msgType = kind === 'video' ? MsgType.MEDIA_DATA_VIDEO : MsgType.MEDIA_DATA_SHARE;
  for (let n = 0; stream.cursors[kind] <= mediaMs && n < MAX_FRAMES_PER_TICK; n++) {
    const offset = stream.cursors[kind];
    stream.cursors[kind] += interval;
    const who = pick(offset);
    if (!who) continue;
    // The frame's number in the stream's media time (frames of no one on screen count too).
    const p = framePayload(params.codec, who.colour, Math.round(offset / interval));
    const ts = tsBase + Math.round(offset);
    // Peer variant h264ParameterSetsApart: SPS+PPS, then the IDR slice, two messages of one timestamp.
    for (const part of setsApart && params.codec === Codec.H264 ? splitParameterSets(p) : [p])
      out.push({
        due: offset,
        kind,
        text: binaryFrame(msgType, who.userId, who.userName, part.b64, part.length, ts),
      });
  }
}

function video(stream: Stream, conn: MediaConn, mediaMs: number, out: OutFrame[], sets: boolean): void {
  const params = conn.params.video;
  if (!params) return;
  const m = stream.meeting;
  // data_opt 4: only the participant subscribed with VIDEO_SUBSCRIPTION_REQ (msg 28).
  const individual = params.data_opt === DataOption.VIDEO_SINGLE_INDIVIDUAL_STREAM;
  imageFrames(
    stream,
    'video',
    params,
    mediaMs,
    (offset) => {
      const s = individual
        ? m.speakers.find((x) => x.userId === stream.videoSubscription)
        : m.speakers[activeOrLastSpeaker(m.timeline, offset)];
      return s && { userId: s.userId, userName: s.userName, colour: s.index };
    },
    out,
    sets,
  );
}

function deskshare(stream: Stream, conn: MediaConn, mediaMs: number, out: OutFrame[], sets: boolean): void {
  const params = conn.params.deskshare;
  const m = stream.meeting;
  const sharer = m.speakers[m.sharer];
  if (!params || !sharer) return;
  const who = { userId: sharer.userId, userName: sharer.userName, colour: 'share' as const };
  imageFrames(stream, 'deskshare', params, mediaMs, () => (m.sharing ? who : undefined), out, sets);
}

/** With revisions each segment is two emissions: NEW (first half, at mid-sentence) then UPDATE (final). */
function transcript(stream: Stream, mediaMs: number, out: OutFrame[]): void {
  const m = stream.meeting;
  const tsBase = (stream.clock as { tsBase: number }).tsBase;
  const per = m.transcriptRevisions ? 2 : 1;
  for (let n = 0; n < MAX_FRAMES_PER_TICK; n++) {
    const e = stream.cursors.transcript;
    const seg = segmentAt(m.timeline, Math.floor(e / per));
    if (!seg) return;
    const partial = per === 2 && e % 2 === 0;
    const dueMs = partial ? Math.round((seg.startMs + seg.endMs) / 2 / 20) * 20 : seg.endMs;
    if (dueMs > mediaMs) return;
    stream.cursors.transcript++;
    const speaker = m.speakers[seg.speaker];
    if (!speaker) continue;
    const words = seg.text.split(' ');
    const text = partial ? words.slice(0, Math.max(1, Math.ceil(words.length / 2))).join(' ') : seg.text;
    const attribute =
      per === 2 ? `,"attribute":${partial ? TranscriptAttribute.NEW : TranscriptAttribute.UPDATE}` : '';
    const start = tsBase + seg.startMs;
    out.push({
      due: dueMs,
      kind: 'transcript',
      text: `{"msg_type":${MsgType.MEDIA_DATA_TRANSCRIPT},"content":{"user_id":${speaker.userId},"user_name":${q(speaker.userName)},"start_time":${start},"end_time":${tsBase + dueMs},"timestamp":${start},"language":${seg.language},"data":${q(text)}${attribute}}}`,
    });
  }
}

function chat(stream: Stream, mediaMs: number, out: OutFrame[]): void {
  const m = stream.meeting;
  const tsBase = (stream.clock as { tsBase: number }).tsBase;
  for (
    let line = m.chat[stream.cursors.chat];
    line && line.atMs <= mediaMs;
    line = m.chat[stream.cursors.chat]
  ) {
    stream.cursors.chat++;
    const speaker = m.speakers[line.speaker];
    if (!speaker) continue;
    const ts = tsBase + line.atMs;
    out.push({
      due: line.atMs,
      kind: 'chat',
      text: `{"msg_type":${MsgType.MEDIA_DATA_CHAT},"content":{"user_id":${speaker.userId},"user_name":${q(speaker.userName)},"data":${q(line.text)},"timestamp":${ts}}}`,
    });
  }
}

const ORDER: Record<MediaKind, number> = { audio: 0, video: 1, deskshare: 2, transcript: 3, chat: 4 };

/**
 * Appends the frames due on `conn` up to `mediaMs`, in due order (kind order on ties). `setsApart`: kinds
 * whose H.264 parameter sets are a message of their own (peer variant `h264ParameterSetsApart`).
 */
export function framesDue(
  stream: Stream,
  conn: MediaConn,
  mediaMs: number,
  out: OutFrame[],
  setsApart: readonly ('video' | 'share')[] = [],
): void {
  const media = stream.meeting.media;
  for (const kind of conn.kinds) {
    if (!media.has(kind)) continue;
    if (kind === 'audio' && conn.params.audio) audio(stream, conn.params.audio, mediaMs, out);
    else if (kind === 'video') video(stream, conn, mediaMs, out, setsApart.includes('video'));
    else if (kind === 'deskshare') deskshare(stream, conn, mediaMs, out, setsApart.includes('share'));
    else if (kind === 'transcript') transcript(stream, mediaMs, out);
    else if (kind === 'chat') chat(stream, mediaMs, out);
  }
  if (conn.kinds.length > 1 && out.length > 1)
    out.sort((a, b) => a.due - b.due || ORDER[a.kind] - ORDER[b.kind]);
}
