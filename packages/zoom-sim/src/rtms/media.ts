import {
  type Frame,
  type MediaKind,
  MediaKinds,
  MediaType,
  MsgType,
  mediaKindsOf,
  resolveMediaParams,
  StatusCode,
} from '@rtms/zoom-protocol';
import type { SimContext } from '../context.js';
import { mediaReconnected } from '../interrupts.js';
import { mediaReady } from '../media/ticker.js';
import type { MediaConn, Stream } from '../model.js';
import { closeConn, sendJson } from './conn.js';
import { checkHandshake, type HandshakeCheck, reject } from './handshake.js';
import { answerKeepAlive } from './keepalive.js';
import { mediaHandshakeResponse } from './server-messages.js';
import { HANDSHAKE_FAILURE_CLOSE_CODE, protocolError } from './signaling.js';

// The media socket (docs/rtms-protocol.md §4): handshake (media_type bitmask, duplicates, media_params
// constraints), msg 4 echoing the effective params; data starts after CLIENT_READY_ACK on signaling.

const NOT_SUPPORTED: Record<MediaKind, number> = {
  audio: StatusCode.MEDIA_TYPE_AUDIO_NOT_SUPPORT,
  video: StatusCode.MEDIA_TYPE_VIDEO_NOT_SUPPORT,
  deskshare: StatusCode.MEDIA_TYPE_DESKSHARE_NOT_SUPPORT,
  transcript: StatusCode.MEDIA_TYPE_TRANSCRIPT_NOT_SUPPORT,
  chat: StatusCode.MEDIA_TYPE_CHAT_NOT_SUPPORT,
};

export function onMediaFrame(ctx: SimContext, conn: MediaConn, frame: Frame | undefined): undefined {
  if (!conn.handshaken) return handshake(ctx, conn, frame);
  if (frame?.msg_type === MsgType.KEEP_ALIVE_RESP) return answerKeepAlive(conn, frame);
  protocolError(
    ctx,
    conn,
    frame ? `unexpected msg_type ${frame.msg_type} on media` : 'invalid JSON or missing msg_type',
  );
}

function kindsFor(
  ctx: SimContext,
  stream: Stream,
  mask: unknown,
): { kinds: MediaKind[]; all: boolean } | HandshakeCheck {
  if (typeof mask !== 'number' || !Number.isInteger(mask))
    return reject(StatusCode.INVALID_MEDIA_TYPE, 'media_type must be an integer');
  if (mask <= 0 || mask > 63) return reject(StatusCode.MEDIA_TYPE_INVALID_VALUE, `media_type ${mask}`);
  const all = (mask & MediaType.ALL) !== 0;
  const scopes = new Set(ctx.cfg.scopes);
  const kinds = all ? MediaKinds.filter((k) => scopes.has(k)) : mediaKindsOf(mask);
  const missing = kinds.find((k) => !scopes.has(k));
  if (missing) return reject(NOT_SUPPORTED[missing], 'the app has no scope for it');
  const live = [...stream.media].filter((m) => !m.closed);
  if (live.some((m) => m.isAll) || (all && live.length > 0))
    return reject(StatusCode.MEDIA_DATA_ALL_CONNECTION_EXIST);
  const taken = kinds.find((k) => live.some((m) => m.kinds.includes(k)));
  if (taken)
    return reject(StatusCode.DUPLICATE_MEDIA_DATA_CONNECTION, `${taken} already has a media connection`);
  return { kinds, all };
}

function handshake(ctx: SimContext, conn: MediaConn, frame: Frame | undefined): undefined {
  const fail = (r: { status: number; reason: string }): undefined => {
    ctx.log.info({ connId: conn.id, status: r.status, reason: r.reason }, 'media handshake rejected');
    sendJson(conn, mediaHandshakeResponse(r.status, r.reason));
    closeConn(conn, HANDSHAKE_FAILURE_CLOSE_CODE, r.reason);
  };
  const check = checkHandshake(ctx, frame, MsgType.DATA_HAND_SHAKE_REQ, conn.serverId);
  if (!check.ok) return fail(check);
  const { stream } = check;
  if (!stream.signaling || stream.state === 'interrupted') {
    return fail({
      status: StatusCode.INVALID_RTMS_STREAM_ID,
      reason: 'invalid rtms stream id: no signaling connection',
    });
  }
  if (frame?.payload_encryption !== undefined && typeof frame.payload_encryption !== 'boolean') {
    return fail({
      status: StatusCode.INVALID_PAYLOAD,
      reason: 'invalid payload: payload_encryption must be a boolean',
    });
  }
  const wanted = kindsFor(ctx, stream, frame?.media_type);
  if ('ok' in wanted) return fail(wanted as { status: number; reason: string });
  const params = resolveMediaParams(frame?.media_params, wanted.kinds);
  if (!params.ok) return fail({ status: params.status, reason: params.reason });
  conn.handshaken = true;
  conn.stream = stream;
  conn.kinds = wanted.kinds;
  conn.isAll = wanted.all;
  conn.params = params.params;
  stream.media.add(conn);
  stream.stats.mediaHandshakes += 1;
  mediaReconnected(stream);
  const peer = ctx.cfg.peer;
  ctx.log.info({ streamId: stream.id, connId: conn.id, kinds: conn.kinds }, 'media connected');
  if (!peer.mediaHandshakeAnswer) {
    // Zoom's mock server: no msg 4, data flows without waiting for CLIENT_READY_ACK.
    mediaReady(ctx, stream, conn);
    return;
  }
  sendJson(conn, mediaHandshakeResponse(StatusCode.OK, '', params.params));
  if (peer.closeMediaAfterHandshake) {
    stream.media.delete(conn);
    closeConn(conn, 1000, 'media connection closed by the server');
  }
}
