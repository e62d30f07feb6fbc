import {
  type Frame,
  hexEquals,
  INSTANCE_ID_KEYS,
  PROTOCOL_VERSION,
  rtmsSignature,
  StatusCode,
  StatusReason,
} from '@rtms/zoom-protocol';
import type { SimContext } from '../context.js';
import type { Stream } from '../model.js';

// Checks shared by the signaling (msg 1) and media (msg 3) handshakes (docs/rtms-protocol.md §3.1, §3.2, §4.1).

export type HandshakeCheck =
  | { ok: true; stream: Stream; instanceId: string }
  | { ok: false; status: number; reason: string };

export const reject = (status: number, detail?: string): HandshakeCheck => ({
  ok: false,
  status,
  reason: detail
    ? `${StatusReason[status as StatusCode] ?? 'error'}: ${detail}`
    : (StatusReason[status as StatusCode] ?? 'error'),
});

export function checkHandshake(
  ctx: SimContext,
  frame: Frame | undefined,
  msgType: number,
  serverId: number,
): HandshakeCheck {
  if (!frame) return reject(StatusCode.INVALID_PAYLOAD, 'not a JSON object with an integer msg_type');
  if (frame.msg_type !== msgType)
    return reject(StatusCode.INVALID_MESSAGE_TYPE, `expected msg_type ${msgType} first`);
  const version = frame.protocol_version;
  if (version !== undefined && version !== PROTOCOL_VERSION) {
    return reject(StatusCode.INVALID_PAYLOAD, `unsupported protocol_version ${JSON.stringify(version)}`);
  }
  if (version === undefined && ctx.cfg.requireProtocolVersion)
    return reject(StatusCode.INVALID_PAYLOAD, 'protocol_version is required');
  if (frame.sequence !== undefined && !Number.isInteger(frame.sequence)) {
    return reject(StatusCode.INVALID_PAYLOAD, 'sequence must be an integer');
  }
  const streamId = frame.rtms_stream_id;
  if (typeof streamId !== 'string' || streamId === '')
    return reject(StatusCode.INVALID_RTMS_STREAM_ID, 'rtms_stream_id is required');
  // Which key carries the instance id for webinars/sessions is uncertain: accept any of them.
  const key = INSTANCE_ID_KEYS.find((k) => frame[k] !== undefined);
  const instanceId = key ? frame[key] : undefined;
  if (typeof instanceId !== 'string' || instanceId === '')
    return reject(StatusCode.INVALID_PAYLOAD, 'meeting_uuid is required');
  if (typeof frame.signature !== 'string')
    return reject(StatusCode.INVALID_SIGNATURE, 'signature is required');
  const stream = ctx.registry.streams.get(streamId);
  if (stream?.state === 'stopped') stream.stats.handshakesAfterStop += 1;
  if (!stream || stream.state === 'stopped')
    return reject(StatusCode.INVALID_RTMS_STREAM_ID, 'unknown or ended stream');
  if (instanceId !== stream.meeting.uuid)
    return reject(StatusCode.INVALID_RTMS_STREAM_ID, `${key} does not match the stream`);
  const expected = rtmsSignature({
    clientId: ctx.cfg.clientId,
    clientSecret: ctx.cfg.clientSecret,
    instanceId,
    streamId,
  });
  if (!hexEquals(expected, frame.signature.toLowerCase())) return reject(StatusCode.INVALID_SIGNATURE);
  if (serverId !== stream.serverId)
    return reject(StatusCode.INVALID_RTMS_STREAM_ID, 'stream is served by another server');
  return { ok: true, stream, instanceId };
}
