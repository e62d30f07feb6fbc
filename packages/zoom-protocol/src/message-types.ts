// RTMS msg_type numbers (docs/rtms-protocol.md §5, the current numbering used in production). Every frame on the
// signaling and media WebSockets is a JSON text frame with an integer `msg_type`.

export const MsgType = {
  UNDEFINED: 0,
  SIGNALING_HAND_SHAKE_REQ: 1,
  SIGNALING_HAND_SHAKE_RESP: 2,
  DATA_HAND_SHAKE_REQ: 3,
  DATA_HAND_SHAKE_RESP: 4,
  EVENT_SUBSCRIPTION: 5,
  EVENT_UPDATE: 6,
  CLIENT_READY_ACK: 7,
  STREAM_STATE_UPDATE: 8,
  SESSION_STATE_UPDATE: 9,
  SESSION_STATE_REQ: 10,
  SESSION_STATE_RESP: 11,
  KEEP_ALIVE_REQ: 12,
  KEEP_ALIVE_RESP: 13,
  MEDIA_DATA_AUDIO: 14,
  MEDIA_DATA_VIDEO: 15,
  MEDIA_DATA_SHARE: 16,
  MEDIA_DATA_TRANSCRIPT: 17,
  MEDIA_DATA_CHAT: 18,
  STREAM_STATE_REQ: 19,
  STREAM_STATE_RESP: 20,
  STREAM_CLOSE_REQ: 21,
  STREAM_CLOSE_RESP: 22,
  META_DATA_AUDIO: 23,
  META_DATA_VIDEO: 24,
  META_DATA_SHARE: 25,
  META_DATA_TRANSCRIPT: 26,
  META_DATA_CHAT: 27,
  VIDEO_SUBSCRIPTION_REQ: 28,
  VIDEO_SUBSCRIPTION_RESP: 29,
} as const;
export type MsgType = (typeof MsgType)[keyof typeof MsgType];

/** The msg_types that carry media data (14..18), each `{ msg_type, content: {...} }`. */
export const MediaDataMsgTypes = [
  MsgType.MEDIA_DATA_AUDIO,
  MsgType.MEDIA_DATA_VIDEO,
  MsgType.MEDIA_DATA_SHARE,
  MsgType.MEDIA_DATA_TRANSCRIPT,
  MsgType.MEDIA_DATA_CHAT,
] as const;
export type MediaDataMsgType = (typeof MediaDataMsgTypes)[number];

const known = new Set<number>(Object.values(MsgType));

/** True when `n` is a msg_type of the current numbering. */
export function isKnownMsgType(n: unknown): n is MsgType {
  return typeof n === 'number' && known.has(n);
}
