import {
  MEDIA_HANDSHAKE_ENCRYPTION_FIELD,
  type MediaParams,
  MsgType,
  PROTOCOL_VERSION,
  type ServerUrlMap,
  type SessionStateUpdate,
  type StreamStateUpdate,
} from '@rtms/zoom-protocol';
import type { KeepAliveShape } from '../options.js';

// Frames the server sends on signaling and media sockets (docs/rtms-protocol.md §3, §4.2).

export function signalingHandshakeResponse(status: number, reason: string, serverUrls?: ServerUrlMap) {
  return {
    msg_type: MsgType.SIGNALING_HAND_SHAKE_RESP,
    protocol_version: PROTOCOL_VERSION,
    sequence: 0,
    status_code: status,
    reason,
    ...(serverUrls ? { media_server: { server_urls: serverUrls } } : {}),
  };
}

export function mediaHandshakeResponse(status: number, reason: string, params?: MediaParams) {
  return {
    msg_type: MsgType.DATA_HAND_SHAKE_RESP,
    protocol_version: PROTOCOL_VERSION,
    status_code: status,
    reason,
    sequence: 0,
    [MEDIA_HANDSHAKE_ENCRYPTION_FIELD]: false,
    ...(params ? { media_params: params } : {}),
  };
}

/**
 * STREAM_STATE_UPDATE as documented (`reason`), or with `fieldVariant` as other Zoom sources spell it
 * (`stop_reason`) plus a field no schema names.
 */
export function streamStateUpdate(
  streamId: string,
  state: number,
  reason: number,
  timestamp: number,
  fieldVariant = false,
): StreamStateUpdate | Record<string, unknown> {
  if (fieldVariant) {
    return {
      msg_type: MsgType.STREAM_STATE_UPDATE,
      state,
      stop_reason: reason,
      timestamp,
      rtms_stream_id: streamId,
      server_note: 'variant',
    };
  }
  return { msg_type: MsgType.STREAM_STATE_UPDATE, state, reason, timestamp, rtms_stream_id: streamId };
}

/**
 * SESSION_STATE_UPDATE as in the doc's example (`stop_reason`, `rtms_session_id`), or with `fieldVariant` as
 * the doc's table and other sources spell it (`reason`, `session_id`) plus a field no schema names.
 */
export function sessionStateUpdate(
  sessionId: string,
  state: number,
  stopReason: number,
  timestamp: number,
  fieldVariant = false,
): SessionStateUpdate | Record<string, unknown> {
  if (fieldVariant) {
    return {
      msg_type: MsgType.SESSION_STATE_UPDATE,
      state,
      reason: stopReason,
      timestamp,
      session_id: sessionId,
      server_note: 'variant',
    };
  }
  return {
    msg_type: MsgType.SESSION_STATE_UPDATE,
    state,
    stop_reason: stopReason,
    timestamp,
    rtms_session_id: sessionId,
  };
}

export function eventUpdate(eventType: number, timestamp: number, extra: Record<string, unknown> = {}) {
  return { msg_type: MsgType.EVENT_UPDATE, event: { event_type: eventType, timestamp, ...extra } };
}

/** KEEP_ALIVE_REQ in the configured shape; `echo` is the timestamp a correct answer carries (if any). */
export function keepAliveRequest(timestamp: number, shape: KeepAliveShape = 'standard') {
  switch (shape) {
    case 'no-timestamp':
      return { frame: { msg_type: MsgType.KEEP_ALIVE_REQ }, echo: undefined };
    case 'string-timestamp':
      return {
        frame: { msg_type: MsgType.KEEP_ALIVE_REQ, timestamp: String(timestamp) },
        echo: String(timestamp),
      };
    case 'extra-fields':
      return {
        frame: {
          msg_type: MsgType.KEEP_ALIVE_REQ,
          timestamp,
          sequence: 0,
          rtms_stream_id: 'x',
          note: 'ping',
        },
        echo: timestamp,
      };
    default:
      return { frame: { msg_type: MsgType.KEEP_ALIVE_REQ, timestamp }, echo: timestamp };
  }
}
