import { SessionState, StopReason, StreamState } from '@rtms/zoom-protocol';
import type { SimContext } from './context.js';
import type { Meeting, Stream } from './model.js';
import { createPrng, ids } from './prng.js';
import { closeConn, sendJson } from './rtms/conn.js';
import { sessionStateUpdate, streamStateUpdate } from './rtms/server-messages.js';
import { lifecycleEvent, rtmsStartedEvent, rtmsStoppedEvent } from './webhooks/payloads.js';

// RTMS stream lifecycle: start (rtms_started webhook), stop (state updates, sockets closed, rtms_stopped),
// pause/resume, and meeting end. Faults live in interrupts.ts.

export class StreamStateError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StreamStateError';
  }
}

export class StreamNotFoundError extends Error {
  constructor(readonly streamId: string) {
    super(`rtms stream not found: '${streamId}'`);
    this.name = 'StreamNotFoundError';
  }
}

export function findStreamOrThrow(ctx: SimContext, streamId: string): Stream {
  const s = ctx.registry.streams.get(streamId);
  if (!s) throw new StreamNotFoundError(streamId);
  return s;
}

/** The meeting's stream that is not stopped, if any (one RTMS app → at most one live stream). */
export function liveStreamOf(meeting: Meeting): Stream | undefined {
  return meeting.streams.find((s) => s.state !== 'stopped');
}

/** Starts RTMS for a live meeting: a new rtms_stream_id, then the rtms_started webhook. */
export function startStream(ctx: SimContext, meeting: Meeting): Stream {
  if (meeting.status !== 'started') throw new StreamStateError(`meeting ${meeting.id} is not in progress`);
  if (liveStreamOf(meeting)) throw new StreamStateError(`rtms is already running for meeting ${meeting.id}`);
  const ordinal = meeting.streams.length;
  const rng = createPrng(`${ctx.cfg.seed}:stream:${meeting.ordinal}:${ordinal}`);
  const stream: Stream = {
    id: ids.streamId(rng),
    ordinal,
    meeting,
    rng,
    sessionId: rng.hex(32),
    operatorId: meeting.hostId,
    state: 'starting',
    serverId: 1,
    signaling: undefined,
    media: new Set(),
    bufferData: true,
    subscribed: new Set(),
    clock: undefined,
    cursors: { audio: 0, video: 0, deskshare: 0, transcript: 0, chat: 0, speakerSegment: -1 },
    videoSubscription: undefined,
    pausedAt: undefined,
    frozen: false,
    graceTimer: undefined,
    stopReason: undefined,
    createdAt: ctx.now(),
    framesSent: { audio: 0, video: 0, deskshare: 0, transcript: 0, chat: 0 },
    framesDropped: 0,
    stats: {
      signalingHandshakes: 0,
      mediaHandshakes: 0,
      readyAcks: 0,
      keepAlivesSent: 0,
      keepAlivesAnswered: 0,
      closesBeforeStop: 0,
      handshakesAfterStop: 0,
    },
  };
  meeting.streams.push(stream);
  ctx.registry.addStream(stream);
  ctx.log.info({ meetingId: meeting.id, streamId: stream.id }, 'rtms stream created');
  announceStarted(ctx, stream);
  return stream;
}

/** Sends (or re-sends, after failover) the rtms_started webhook with the stream's current server. */
export function announceStarted(ctx: SimContext, stream: Stream): void {
  const send = () => {
    if (stream.state === 'stopped') return;
    const ev = rtmsStartedEvent(stream, ctx.serverUrlsFor(stream), ctx.cfg.accountId);
    ctx.webhooks.send(ev.event, ev.payload);
  };
  if (ctx.cfg.rtmsStartDelayMs > 0) setTimeout(send, ctx.cfg.rtmsStartDelayMs).unref();
  else send();
}

export function clearGrace(stream: Stream): void {
  if (stream.graceTimer) clearTimeout(stream.graceTimer);
  stream.graceTimer = undefined;
}

/** Ends a stream: TERMINATED + STOPPED on signaling, every socket closed, then rtms_stopped. */
export function stopStream(ctx: SimContext, stream: Stream, stopReason: number): void {
  if (stream.state === 'stopped') return;
  clearGrace(stream);
  stream.state = 'stopped';
  stream.stopReason = stopReason;
  const ts = ctx.now();
  const notice = ctx.cfg.peer.stopNotice;
  const variant = ctx.cfg.peer.stateFields === 'variant';
  const terminated = streamStateUpdate(stream.id, StreamState.TERMINATED, stopReason, ts, variant);
  if (notice !== 'media')
    sendJson(
      stream.signaling,
      sessionStateUpdate(stream.sessionId, SessionState.STOPPED, stopReason, ts, variant),
    );
  if (notice === 'signaling') sendJson(stream.signaling, terminated);
  for (const m of stream.media) {
    if (notice === 'media') sendJson(m, terminated);
    closeConn(m, 1000, 'stream terminated');
  }
  if (stream.signaling) closeConn(stream.signaling, 1000, 'stream terminated');
  stream.media.clear();
  stream.signaling = undefined;
  ctx.registry.markStopped(stream);
  const ev = rtmsStoppedEvent(stream, stopReason);
  if (ctx.cfg.peer.stopWebhook) ctx.webhooks.send(ev.event, ev.payload);
  ctx.log.info({ streamId: stream.id, stopReason }, 'rtms stream stopped');
}

export function pauseStream(ctx: SimContext, stream: Stream): void {
  if (stream.state !== 'active' && stream.state !== 'starting') {
    throw new StreamStateError(`rtms stream ${stream.id} is ${stream.state}, cannot pause`);
  }
  stream.state = 'paused';
  stream.pausedAt = ctx.now();
  sendJson(
    stream.signaling,
    streamStateUpdate(
      stream.id,
      StreamState.PAUSED,
      0,
      stream.pausedAt,
      ctx.cfg.peer.stateFields === 'variant',
    ),
  );
  sendJson(
    stream.signaling,
    sessionStateUpdate(
      stream.sessionId,
      SessionState.PAUSED,
      0,
      stream.pausedAt,
      ctx.cfg.peer.stateFields === 'variant',
    ),
  );
}

export function resumeStream(ctx: SimContext, stream: Stream): void {
  if (stream.state !== 'paused') throw new StreamStateError(`rtms stream ${stream.id} is not paused`);
  const now = ctx.now();
  // The media timeline stands still while paused: content continues where it stopped, timestamps jump.
  if (stream.clock && stream.pausedAt !== undefined) {
    const d = now - stream.pausedAt;
    stream.clock.wallT0 += d;
    stream.clock.tsBase += d;
  }
  stream.pausedAt = undefined;
  stream.state = stream.signaling ? 'active' : 'starting';
  sendJson(
    stream.signaling,
    streamStateUpdate(stream.id, StreamState.RESUMED, 0, now, ctx.cfg.peer.stateFields === 'variant'),
  );
  sendJson(
    stream.signaling,
    sessionStateUpdate(
      stream.sessionId,
      SessionState.RESUMED,
      0,
      now,
      ctx.cfg.peer.stateFields === 'variant',
    ),
  );
}

/** Ends a meeting: live streams stop with MEETING_ENDED (6), then meeting.ended. */
export function endMeeting(ctx: SimContext, meeting: Meeting): void {
  if (meeting.status === 'ended') return;
  if (meeting.endTimer) clearTimeout(meeting.endTimer);
  meeting.endTimer = undefined;
  for (const s of meeting.streams) stopStream(ctx, s, StopReason.MEETING_ENDED);
  meeting.status = 'ended';
  const ev = lifecycleEvent(meeting, 'ended', ctx.cfg.accountId);
  ctx.webhooks.send(ev.event, ev.payload);
  ctx.log.info({ meetingId: meeting.id }, 'meeting ended');
}
