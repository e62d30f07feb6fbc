// RTMS_STATUS_CODE, compact numbering (docs/rtms-protocol.md §3.4). Two numberings exist; current docs and Zoom's
// newest library use this one. UNCERTAIN which one production emits, so clients should treat any non-zero
// code as a failure, log `reason`, and classify duplicates by the reason text (see isDuplicateSignalReason).

export const StatusCode = {
  OK: 0,
  INVALID_MESSAGE_TYPE: 1,
  INVALID_RTMS_STREAM_ID: 2,
  INVALID_SIGNATURE: 3,
  INVALID_PAYLOAD: 4,
  INVALID_EVENTS: 5,
  INVALID_EVENT_TYPE: 6,
  INVALID_MEDIA_TYPE: 7,
  DUPLICATE_SIGNAL_REQUEST: 8,
  MEDIA_TYPE_AUDIO_NOT_SUPPORT: 9,
  MEDIA_TYPE_VIDEO_NOT_SUPPORT: 10,
  MEDIA_TYPE_DESKSHARE_NOT_SUPPORT: 11,
  MEDIA_TYPE_TRANSCRIPT_NOT_SUPPORT: 12,
  MEDIA_TYPE_CHAT_NOT_SUPPORT: 13,
  MEDIA_TYPE_INVALID_VALUE: 14,
  MEDIA_DATA_ALL_CONNECTION_EXIST: 15,
  DUPLICATE_MEDIA_DATA_CONNECTION: 16,
  INVALID_MEDIA_PARAMS: 17,
  INVALID_MEDIA_AUDIO_PARAMS: 18,
  INVALID_MEDIA_AUDIO_CONTENT_TYPE: 19,
  INVALID_MEDIA_AUDIO_SAMPLE_RATE: 20,
  INVALID_MEDIA_AUDIO_CHANNEL: 21,
  INVALID_MEDIA_AUDIO_CODEC: 22,
  INVALID_MEDIA_AUDIO_DATA_OPT: 23,
  INVALID_MEDIA_AUDIO_SEND_RATE: 24,
  INVALID_MEDIA_VIDEO_PARAMS: 25,
  INVALID_MEDIA_VIDEO_CONTENT_TYPE: 26,
  INVALID_MEDIA_VIDEO_CODEC: 27,
  INVALID_MEDIA_VIDEO_RESOLUTION: 28,
  INVALID_MEDIA_VIDEO_DATA_OPT: 29,
  INVALID_MEDIA_VIDEO_FPS: 30,
  INVALID_MEDIA_DESKSHARE_PARAMS: 31,
  INVALID_MEDIA_DESKSHARE_CONTENT_TYPE: 32,
  INVALID_MEDIA_DESKSHARE_CODEC: 33,
  INVALID_MEDIA_DESKSHARE_RESOLUTION: 34,
  INVALID_MEDIA_DESKSHARE_FPS: 35,
  INVALID_MEDIA_TRANSCRIPT_PARAMS: 36,
  INVALID_MEDIA_TRANSCRIPT_CONTENT_TYPE: 37,
  INVALID_MEDIA_CHAT_PARAMS: 38,
  INVALID_MEDIA_CHAT_CONTENT_TYPE: 39,
  INVALID_RTMS_SESSION_ID: 40,
  INVALID_CLIENT_READY_ACK: 41,
  INVALID_EVENT_SUBSCRIBE: 42,
  INVALID_MEDIA_TRANSCRIPT_SOURCE_LANGUAGE: 43,
  DUPLICATE_VIDEO_SUBSCRIPTION: 44,
  INTERNAL_EXCEPTION: 45,
  INVALID_MEDIA_TRANSCRIPT_TARGET_LANGUAGE: 46,
  CHAT_SESSION_KEY_NOT_AVAILABLE: 47,
} as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

const names = new Map<number, string>(Object.entries(StatusCode).map(([name, code]) => [code, name]));

/** The constant name of a status code (`INVALID_SIGNATURE`), or `UNKNOWN_<n>`. */
export function statusCodeName(code: number): string {
  return names.get(code) ?? `UNKNOWN_${code}`;
}

/**
 * Human-readable `reason` text sent beside a non-zero status code. Zoom's exact texts are not documented;
 * the one fact the reference gives is that the duplicate rejection's reason contains "duplicate signal request"
 * (Zoom's samples match on it), so that text is kept verbatim.
 */
export const StatusReason: Readonly<Record<StatusCode, string>> = {
  0: '',
  1: 'invalid message type',
  2: 'invalid rtms stream id',
  3: 'invalid signature',
  4: 'invalid payload',
  5: 'invalid events',
  6: 'invalid event type',
  7: 'invalid media type',
  8: 'duplicate signal request',
  9: 'media type audio not supported',
  10: 'media type video not supported',
  11: 'media type deskshare not supported',
  12: 'media type transcript not supported',
  13: 'media type chat not supported',
  14: 'media type invalid value',
  15: 'media data all connection exist',
  16: 'duplicate media data connection',
  17: 'invalid media params',
  18: 'invalid media audio params',
  19: 'invalid media audio content type',
  20: 'invalid media audio sample rate',
  21: 'invalid media audio channel',
  22: 'invalid media audio codec',
  23: 'invalid media audio data opt',
  24: 'invalid media audio send rate',
  25: 'invalid media video params',
  26: 'invalid media video content type',
  27: 'invalid media video codec',
  28: 'invalid media video resolution',
  29: 'invalid media video data opt',
  30: 'invalid media video fps',
  31: 'invalid media deskshare params',
  32: 'invalid media deskshare content type',
  33: 'invalid media deskshare codec',
  34: 'invalid media deskshare resolution',
  35: 'invalid media deskshare fps',
  36: 'invalid media transcript params',
  37: 'invalid media transcript content type',
  38: 'invalid media chat params',
  39: 'invalid media chat content type',
  40: 'invalid rtms session id',
  41: 'invalid client ready ack',
  42: 'invalid event subscribe',
  43: 'invalid media transcript source language',
  44: 'duplicate video subscription',
  45: 'internal exception',
  46: 'invalid media transcript target language',
  47: 'chat session key not available',
};

/** Zoom's samples detect a duplicate-signaling rejection by its reason text, not by the (unsettled) code. */
export function isDuplicateSignalReason(reason: unknown): boolean {
  return typeof reason === 'string' && reason.toLowerCase().includes('duplicate signal request');
}
