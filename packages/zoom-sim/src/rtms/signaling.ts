import { type Frame, MsgType, StatusCode, StopReason, SUBSCRIBABLE_EVENT_TYPES } from '@rtms/zoom-protocol';
import type { SimContext } from '../context.js';
import { signalingReconnected } from '../interrupts.js';
import { mediaReady } from '../media/ticker.js';
import type { Conn } from '../model.js';
import { stopStream } from '../streams.js';
import { closeConn, sendJson } from './conn.js';
import { checkHandshake, reject } from './handshake.js';
import { answerKeepAlive } from './keepalive.js';
import { signalingHandshakeResponse } from './server-messages.js';

// The signaling socket (docs/rtms-protocol.md §3): handshake, then event subscription, CLIENT_READY_ACK,
// state requests, stream close and video subscription. Bad input after the handshake is logged and ignored.

/** Failed handshakes are answered with the status and the socket is closed with this code. */
export const HANDSHAKE_FAILURE_CLOSE_CODE = 1008;

export function onSignalingFrame(ctx: SimContext, conn: Conn, frame: Frame | undefined): undefined {
  if (!conn.handshaken) return handshake(ctx, conn, frame);
  const stream = conn.stream;
  if (!frame || !stream) return protocolError(ctx, conn, 'invalid JSON or missing msg_type');
  const ts = ctx.now();
  switch (frame.msg_type) {
    case MsgType.KEEP_ALIVE_RESP:
      return answerKeepAlive(conn, frame);
    case MsgType.EVENT_SUBSCRIPTION:
      return subscribe(ctx, conn, frame);
    case MsgType.CLIENT_READY_ACK: {
      if (frame.rtms_stream_id !== stream.id)
        return protocolError(ctx, conn, 'CLIENT_READY_ACK for another stream');
      stream.stats.readyAcks += 1;
      // Without handshake answers, media sockets are ready at once: the ACK is welcome but changes nothing.
      if (!ctx.cfg.peer.mediaHandshakeAnswer) return;
      // One ACK per successful media handshake (§3.5; Zoom's library sends one per media socket): each ACK
      // readies the oldest handshaken media socket that is not flowing yet.
      const pending = [...stream.media].find((m) => m.handshaken && !m.ready);
      if (!pending) return protocolError(ctx, conn, 'CLIENT_READY_ACK without a pending media handshake');
      mediaReady(ctx, stream, pending);
      return;
    }
    case MsgType.SESSION_STATE_REQ:
      sendJson(conn, {
        msg_type: MsgType.SESSION_STATE_RESP,
        rtms_session_id: stream.sessionId,
        state: sessionState(stream.state),
        timestamp: ts,
      });
      return;
    case MsgType.STREAM_STATE_REQ:
      sendJson(conn, {
        msg_type: MsgType.STREAM_STATE_RESP,
        state: streamState(stream.state),
        rtms_stream_id: stream.id,
        timestamp: ts,
      });
      return;
    case MsgType.STREAM_CLOSE_REQ:
      sendJson(conn, {
        msg_type: MsgType.STREAM_CLOSE_RESP,
        rtms_stream_id: stream.id,
        status_code: 0,
        reason: '',
        timestamp: ts,
      });
      stopStream(ctx, stream, StopReason.RECEIVER_REQUEST_CLOSE);
      return;
    case MsgType.VIDEO_SUBSCRIPTION_REQ: {
      const userId = frame.user_id;
      const known = stream.meeting.speakers.some((s) => s.userId === userId);
      const ok = typeof userId === 'number' && typeof frame.subscribe === 'boolean' && known;
      if (ok) stream.videoSubscription = frame.subscribe ? userId : undefined;
      const status = ok ? StatusCode.OK : StatusCode.INVALID_PAYLOAD;
      sendJson(conn, {
        msg_type: MsgType.VIDEO_SUBSCRIPTION_RESP,
        user_id: userId,
        status_code: status,
        reason: ok ? 'OK' : 'unknown user_id',
        timestamp: ts,
      });
      return;
    }
    case MsgType.SIGNALING_HAND_SHAKE_REQ: {
      const r = reject(StatusCode.DUPLICATE_SIGNAL_REQUEST, 'this socket already completed its handshake');
      if (!r.ok) sendJson(conn, signalingHandshakeResponse(r.status, r.reason));
      return;
    }
    default:
      return protocolError(ctx, conn, `unexpected msg_type ${frame.msg_type} on signaling`);
  }
}

function handshake(ctx: SimContext, conn: Conn, frame: Frame | undefined): undefined {
  const check = checkHandshake(ctx, frame, MsgType.SIGNALING_HAND_SHAKE_REQ, conn.serverId);
  let result = check;
  if (check.ok && check.stream.signaling && !check.stream.signaling.closed) {
    result = reject(
      StatusCode.DUPLICATE_SIGNAL_REQUEST,
      'a signaling connection for this stream is already open',
    );
  }
  if (!result.ok) {
    ctx.log.info(
      { connId: conn.id, status: result.status, reason: result.reason },
      'signaling handshake rejected',
    );
    sendJson(conn, signalingHandshakeResponse(result.status, result.reason));
    closeConn(conn, HANDSHAKE_FAILURE_CLOSE_CODE, result.reason);
    return;
  }
  const stream = result.stream;
  conn.handshaken = true;
  conn.stream = stream;
  stream.signaling = conn;
  stream.stats.signalingHandshakes += 1;
  stream.bufferData = typeof frame?.buffer_data === 'boolean' ? frame.buffer_data : true;
  signalingReconnected(stream);
  if (stream.state === 'starting') stream.state = 'active';
  sendJson(conn, signalingHandshakeResponse(StatusCode.OK, '', ctx.mediaUrlsFor(stream)));
  ctx.log.info({ streamId: stream.id, connId: conn.id }, 'signaling connected');
}

function subscribe(ctx: SimContext, conn: Conn, frame: Frame): undefined {
  const stream = conn.stream;
  const events = frame.events;
  if (!stream || !Array.isArray(events))
    return protocolError(ctx, conn, 'EVENT_SUBSCRIPTION without an events array');
  for (const e of events as unknown[]) {
    const ev = e as { event_type?: unknown; subscribe?: unknown };
    if (typeof ev?.event_type !== 'number' || typeof ev.subscribe !== 'boolean') {
      protocolError(ctx, conn, 'EVENT_SUBSCRIPTION entry needs event_type and subscribe');
      continue;
    }
    if (!SUBSCRIBABLE_EVENT_TYPES.includes(ev.event_type as never)) continue;
    if (ev.subscribe) stream.subscribed.add(ev.event_type);
    else stream.subscribed.delete(ev.event_type);
  }
}

/** Bad input on an established socket: counted and logged, never fatal (Zoom documents no error frame). */
export function protocolError(ctx: SimContext, conn: Conn, reason: string): undefined {
  ctx.registry.protocolErrors.push({
    at: ctx.now(),
    connId: conn.id,
    role: conn.role,
    streamId: conn.stream?.id,
    reason,
  });
  if (ctx.registry.protocolErrors.length > 1000) ctx.registry.protocolErrors.shift();
  ctx.log.debug({ connId: conn.id, role: conn.role, reason }, 'ignored bad client frame');
}

function streamState(state: string): number {
  return { starting: 0, active: 1, interrupted: 2, paused: 5, stopped: 4 }[state] ?? 0;
}

function sessionState(state: string): number {
  return { starting: 1, active: 2, interrupted: 2, paused: 3, stopped: 5 }[state] ?? 0;
}
