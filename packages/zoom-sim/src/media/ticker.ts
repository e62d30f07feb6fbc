import { AUDIO_BUFFER_MAX_MS, EventType, SessionState } from '@rtms/zoom-protocol';
import type { SimContext } from '../context.js';
import type { MediaConn, Stream } from '../model.js';
import { sendJson, sendText } from '../rtms/conn.js';
import { eventUpdate, sessionStateUpdate } from '../rtms/server-messages.js';
import { SharedTimer } from '../shared-timer.js';
import { framesDue, type OutFrame } from './generators.js';
import { segmentAt } from './timeline.js';

// One timer drives every stream: each tick sends the frames that became due on every ready media socket,
// and active-speaker events on signaling. No per-stream or per-kind timers, so 1000+ streams stay cheap.

/** Sends an EVENT_UPDATE when the client subscribed to it (1 and 7 are sent unsubscribed elsewhere). */
export function sendSubscribedEvent(
  stream: Stream,
  eventType: number,
  ts: number,
  extra: Record<string, unknown> = {},
) {
  if (stream.subscribed.has(eventType)) sendJson(stream.signaling, eventUpdate(eventType, ts, extra));
}

/** Participants as EVENT_UPDATE lists them. */
function participantsOf(stream: Stream) {
  const m = stream.meeting;
  return [
    ...m.speakers.map((s) => ({ user_id: s.userId, user_name: s.userName })),
    ...m.extraParticipants.map((p) => ({ user_id: p.userId, user_name: p.userName })),
  ];
}

/** First CLIENT_READY_ACK of a stream: media offset 0, FIRST_PACKET_TIMESTAMP, session started, joins. */
function startClock(ctx: SimContext, stream: Stream, now: number): void {
  const tsBase = ctx.cfg.fixedEpochMs ?? now;
  stream.clock = { wallT0: now + phaseOf(stream.id, ctx.cfg.mediaPhaseSpreadMs), tsBase };
  const m = stream.meeting;
  sendJson(stream.signaling, eventUpdate(EventType.FIRST_PACKET_TIMESTAMP, tsBase));
  sendJson(
    stream.signaling,
    sessionStateUpdate(
      stream.sessionId,
      SessionState.STARTED,
      0,
      tsBase,
      ctx.cfg.peer.stateFields === 'variant',
    ),
  );
  sendSubscribedEvent(stream, EventType.PARTICIPANT_JOIN, tsBase, { participants: participantsOf(stream) });
  if (m.media.has('video')) {
    sendSubscribedEvent(stream, EventType.PARTICIPANT_VIDEO_ON, tsBase, {
      participants: m.speakers.map((s) => ({ user_id: s.userId })),
    });
  }
  const sharer = m.speakers[m.sharer];
  if (m.sharing && sharer) {
    sendSubscribedEvent(stream, EventType.SHARING_START, tsBase, {
      user_id: sharer.userId,
      user_name: sharer.userName,
    });
  }
}

/** A media socket got its CLIENT_READY_ACK: start the clock if needed, and line up its cursors. */
export function mediaReady(ctx: SimContext, stream: Stream, conn: MediaConn): void {
  const now = ctx.now();
  if (!stream.clock) startClock(ctx, stream, now);
  conn.ready = true;
  const mediaMs = mediaOffset(stream, now);
  const c = stream.cursors;
  // Audio is buffered while no socket takes it, up to 60 s; video and shares are not (docs/rtms-protocol.md §4.4).
  if (conn.kinds.includes('audio'))
    c.audio = Math.max(c.audio, Math.floor((mediaMs - AUDIO_BUFFER_MAX_MS) / 20));
  const videoFps = conn.params.video?.fps;
  if (videoFps) c.video = Math.max(c.video, Math.floor(mediaMs / (1000 / videoFps)) * (1000 / videoFps));
  const shareFps = conn.params.deskshare?.fps;
  if (shareFps)
    c.deskshare = Math.max(c.deskshare, Math.floor(mediaMs / (1000 / shareFps)) * (1000 / shareFps));
}

/** A stream's media phase in [0, spreadMs): from its (seeded, hex) id, so runs with one seed agree. */
export function phaseOf(streamId: string, spreadMs: number): number {
  if (spreadMs <= 0) return 0;
  return (Number.parseInt(streamId.slice(0, 6), 16) || 0) % spreadMs;
}

function mediaOffset(stream: Stream, now: number): number {
  const clock = stream.clock as { wallT0: number };
  return (stream.pausedAt ?? now) - clock.wallT0;
}

function speakerEvents(stream: Stream, mediaMs: number): void {
  const tl = stream.meeting.timeline;
  const tsBase = (stream.clock as { tsBase: number }).tsBase;
  for (;;) {
    const next = segmentAt(tl, stream.cursors.speakerSegment + 1);
    if (!next || next.startMs > mediaMs) return;
    const prev = segmentAt(tl, stream.cursors.speakerSegment);
    stream.cursors.speakerSegment++;
    const speaker = stream.meeting.speakers[next.speaker];
    if (speaker && prev?.speaker !== next.speaker) {
      sendSubscribedEvent(stream, EventType.ACTIVE_SPEAKER_CHANGE, tsBase + next.startMs, {
        user_id: speaker.userId,
        user_name: speaker.userName,
      });
    }
  }
}

export class MediaTicker extends SharedTimer {
  private readonly out: OutFrame[] = [];

  constructor(private readonly ctx: SimContext) {
    super(ctx.cfg.mediaTickMs);
  }

  override tick(): void {
    const now = this.ctx.now();
    const maxBuffered = this.ctx.cfg.maxBufferedBytes;
    for (const stream of this.ctx.registry.live) {
      if (stream.state !== 'active' || !stream.clock || stream.frozen) continue;
      const mediaMs = now - stream.clock.wallT0;
      speakerEvents(stream, mediaMs);
      for (const conn of stream.media) {
        if (!conn.ready || conn.closed) continue;
        const out = this.out;
        out.length = 0;
        framesDue(stream, conn, mediaMs, out, this.ctx.cfg.peer.h264ParameterSetsApart);
        if (out.length === 0) continue;
        conn.lastDataAt = now;
        for (const f of out) {
          // A consumer that cannot keep up loses frames rather than growing the server's memory.
          if (conn.ws.bufferedAmount > maxBuffered) stream.framesDropped++;
          else if (sendText(conn, f.text)) stream.framesSent[f.kind]++;
        }
      }
    }
  }
}
