import { DEFAULT_INSTANCE_ID_KEY, type InstanceIdKey, PROTOCOL_VERSION } from './choices.js';
import { MsgType } from './message-types.js';
import type {
  ClientReadyAck,
  KeepAliveResponse,
  MediaHandshakeRequest,
  SignalingHandshakeRequest,
} from './messages.js';

// Builders for what a client sends, following docs/rtms-protocol.md §9: protocol_version 1,
// sequence 1 on signaling, explicit buffer_data, the instance id under `meeting_uuid` by default.

export interface HandshakeIds {
  instanceId: string;
  streamId: string;
  signature: string;
  /** Key to send the instance id under (default meeting_uuid). */
  instanceIdKey?: InstanceIdKey;
}

export function signalingHandshake(ids: HandshakeIds, bufferData = false): SignalingHandshakeRequest {
  return {
    msg_type: MsgType.SIGNALING_HAND_SHAKE_REQ,
    protocol_version: PROTOCOL_VERSION,
    sequence: 1,
    [ids.instanceIdKey ?? DEFAULT_INSTANCE_ID_KEY]: ids.instanceId,
    rtms_stream_id: ids.streamId,
    signature: ids.signature,
    buffer_data: bufferData,
  };
}

export function mediaHandshake(
  ids: HandshakeIds,
  mediaType: number,
  mediaParams?: MediaHandshakeRequest['media_params'],
): MediaHandshakeRequest {
  return {
    msg_type: MsgType.DATA_HAND_SHAKE_REQ,
    protocol_version: PROTOCOL_VERSION,
    sequence: 0,
    [ids.instanceIdKey ?? DEFAULT_INSTANCE_ID_KEY]: ids.instanceId,
    rtms_stream_id: ids.streamId,
    signature: ids.signature,
    media_type: mediaType,
    payload_encryption: false,
    ...(mediaParams ? { media_params: mediaParams } : {}),
  };
}

export function clientReadyAck(streamId: string): ClientReadyAck {
  return { msg_type: MsgType.CLIENT_READY_ACK, rtms_stream_id: streamId };
}

/** Keep-alive answer: same socket, identical timestamp. */
export function keepAliveResponse(timestamp: number): KeepAliveResponse {
  return { msg_type: MsgType.KEEP_ALIVE_RESP, timestamp };
}
