import { EventType, type MediaKind, StopReason, StreamState } from '@rtms/zoom-protocol';
import type { SimContext } from './context.js';
import type { MediaConn, Stream } from './model.js';
import { dropConn, sendJson } from './rtms/conn.js';
import { eventUpdate, streamStateUpdate } from './rtms/server-messages.js';
import { announceStarted, clearGrace, StreamStateError, stopStream } from './streams.js';
import { rtmsInterruptedEvent } from './webhooks/payloads.js';

// Zoom's failure cases (docs/rtms-protocol.md §6): media-only interruption, signaling interruption, server
// failover, keep-alive timeouts and grace periods that end the stream when nobody reconnects.

function requireLive(stream: Stream): void {
  if (stream.state === 'stopped') throw new StreamStateError(`rtms stream ${stream.id} is stopped`);
}

/** Ends the stream when nobody reconnects within `ms`. */
function startGrace(ctx: SimContext, stream: Stream, ms: number, what: string): void {
  clearGrace(stream);
  stream.graceTimer = setTimeout(() => {
    stream.graceTimer = undefined;
    ctx.log.info({ streamId: stream.id, what }, 'reconnect grace expired');
    stopStream(ctx, stream, ctx.cfg.graceExpiredStopReason);
  }, ms);
  stream.graceTimer.unref();
}

/**
 * Media-only interruption: drops the media socket(s) carrying `kind` (all when omitted), tells the client on
 * signaling (EVENT_UPDATE 7 and/or STREAM_STATE_UPDATE 2/14), and waits the media grace for a reconnect.
 */
export function interruptMedia(ctx: SimContext, stream: Stream, kind?: MediaKind): MediaConn[] {
  requireLive(stream);
  const victims = [...stream.media].filter((m) => !kind || m.kinds.includes(kind));
  dropMedia(ctx, stream, victims);
  return victims;
}

function dropMedia(ctx: SimContext, stream: Stream, victims: MediaConn[]): void {
  for (const m of victims) {
    stream.media.delete(m);
    dropConn(m);
  }
  const ts = ctx.now();
  const notice = ctx.cfg.mediaInterruptionNotice;
  if (notice !== 'state') sendJson(stream.signaling, eventUpdate(EventType.MEDIA_CONNECTION_INTERRUPTED, ts));
  if (notice !== 'event') {
    sendJson(
      stream.signaling,
      streamStateUpdate(
        stream.id,
        StreamState.INTERRUPTED,
        StopReason.DATA_CONNECTION_INTERRUPTED,
        ts,
        ctx.cfg.peer.stateFields === 'variant',
      ),
    );
  }
  startGrace(ctx, stream, ctx.cfg.mediaGraceMs, 'media');
  ctx.log.info(
    { streamId: stream.id, kinds: victims.map((v) => v.kinds), sockets: victims.length },
    'media interrupted',
  );
}

/** Called when a media socket completes a new handshake: the media grace (if any) is over. */
export function mediaReconnected(stream: Stream): void {
  if (stream.state === 'active' || stream.state === 'paused') clearGrace(stream);
}

/** Signaling interruption: both sockets drop, `*.rtms_interrupted` is sent, signaling grace starts. */
export function interruptSignaling(ctx: SimContext, stream: Stream): void {
  requireLive(stream);
  dropAll(stream);
  stream.state = 'interrupted';
  const ev = rtmsInterruptedEvent(stream);
  ctx.webhooks.send(ev.event, ev.payload);
  startGrace(ctx, stream, ctx.cfg.signalingGraceMs, 'signaling');
  ctx.log.info({ streamId: stream.id }, 'signaling interrupted');
}

/**
 * Server failover: the stream moves to a new RTMS server (new server_urls), every socket drops and
 * `*.rtms_started` is sent again for the same rtms_stream_id. Handshakes on the old server are refused.
 */
export function failover(ctx: SimContext, stream: Stream): void {
  requireLive(stream);
  dropAll(stream);
  stream.serverId++;
  stream.state = 'interrupted';
  announceStarted(ctx, stream);
  startGrace(ctx, stream, ctx.cfg.signalingGraceMs, 'failover');
  ctx.log.info({ streamId: stream.id, serverId: stream.serverId }, 'rtms server failover');
}

/** Acts as if the client left `count` keep-alives unanswered on the given socket kind. */
export function keepAliveExpired(
  ctx: SimContext,
  stream: Stream,
  socket: 'signaling' | 'media',
  media?: MediaConn,
): void {
  if (stream.state === 'stopped') return;
  if (socket === 'signaling') {
    interruptSignaling(ctx, stream);
    return;
  }
  dropMedia(ctx, stream, media ? [media] : [...stream.media]);
}

/** A signaling handshake succeeded after an interruption or failover. */
export function signalingReconnected(stream: Stream): void {
  if (stream.state === 'interrupted') {
    clearGrace(stream);
    stream.state = stream.pausedAt === undefined ? 'active' : 'paused';
  }
}

/** Hung server: sockets stay open but nothing more is sent (no keep-alives, no data) until thawed. */
export function setFrozen(stream: Stream, frozen: boolean): void {
  stream.frozen = frozen;
}

function dropAll(stream: Stream): void {
  for (const m of stream.media) dropConn(m);
  stream.media.clear();
  if (stream.signaling) dropConn(stream.signaling);
  stream.signaling = undefined;
}
