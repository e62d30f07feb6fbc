// RTMS enums as sent on the wire (docs/rtms-protocol.md §3.6, §3.10, §4.1). Values are integers; names follow
// Zoom's SDK header (docs prefix stop reasons with STOP_BC_).

type ValueOf<T> = T[keyof T];

export const StopReason = {
  UNDEFINED: 0,
  HOST_TRIGGERED: 1,
  USER_TRIGGERED: 2,
  USER_LEFT: 3,
  USER_EJECTED: 4,
  HOST_DISABLED_APP: 5,
  MEETING_ENDED: 6,
  STREAM_CANCELED: 7,
  STREAM_REVOKED: 8,
  ALL_APPS_DISABLED: 9,
  INTERNAL_EXCEPTION: 10,
  CONNECTION_TIMEOUT: 11,
  INSTANCE_CONNECTION_INTERRUPTED: 12,
  SIGNAL_CONNECTION_INTERRUPTED: 13,
  DATA_CONNECTION_INTERRUPTED: 14,
  SIGNAL_CONNECTION_CLOSED_ABNORMALLY: 15,
  DATA_CONNECTION_CLOSED_ABNORMALLY: 16,
  EXIT_SIGNAL: 17,
  AUTHENTICATION_FAILURE: 18,
  AWAIT_RECONNECTION_TIMEOUT: 19,
  RECEIVER_REQUEST_CLOSE: 20,
  CUSTOMER_DISCONNECTED: 21,
  AGENT_DISCONNECTED: 22,
  ADMIN_DISABLED_APP: 23,
  KEEP_ALIVE_TIMEOUT: 24,
  MANUAL_API_TRIGGERED: 25,
  STREAMING_NOT_SUPPORTED: 26,
} as const;
export type StopReason = ValueOf<typeof StopReason>;

/** Zoom's failover guide: stop reasons 10–19 and 24 mean "restart the whole connection" (§6 trigger 4). */
export function isRestartStopReason(reason: number): boolean {
  return (reason >= 10 && reason <= 19) || reason === StopReason.KEEP_ALIVE_TIMEOUT;
}

export const StreamState = {
  INACTIVE: 0,
  ACTIVE: 1,
  INTERRUPTED: 2,
  TERMINATING: 3,
  TERMINATED: 4,
  PAUSED: 5,
  RESUMED: 6,
} as const;
export type StreamState = ValueOf<typeof StreamState>;

export const SessionState = {
  INACTIVE: 0,
  INITIALIZE: 1,
  STARTED: 2,
  PAUSED: 3,
  RESUMED: 4,
  STOPPED: 5,
} as const;
export type SessionState = ValueOf<typeof SessionState>;

/** EVENT_UPDATE event types (§3.6). 1 and 7 are sent without subscription. */
export const EventType = {
  UNDEFINED: 0,
  FIRST_PACKET_TIMESTAMP: 1,
  ACTIVE_SPEAKER_CHANGE: 2,
  PARTICIPANT_JOIN: 3,
  PARTICIPANT_LEAVE: 4,
  SHARING_START: 5,
  SHARING_STOP: 6,
  MEDIA_CONNECTION_INTERRUPTED: 7,
  PARTICIPANT_VIDEO_ON: 8,
  PARTICIPANT_VIDEO_OFF: 9,
  CHAT_GROUP_CREATE: 10,
  CHAT_GROUP_DELETE: 11,
  CHAT_GROUP_MEMBERS_ADD: 12,
  CHAT_GROUP_MEMBERS_DELETE: 13,
  CHAT_GROUP_MEMBER_STATUS_UPDATE: 14,
} as const;
export type EventType = ValueOf<typeof EventType>;

/** Event types a client may subscribe to; 1 and 7 are always sent (subscribing to them is not needed). */
export const SUBSCRIBABLE_EVENT_TYPES: readonly EventType[] = [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14];

/** MEDIA_DATA_TYPE bitmask: OR the flags (audio + transcript = 9); ALL (32) asks for whatever scopes allow. */
export const MediaType = {
  AUDIO: 1,
  VIDEO: 2,
  DESKSHARE: 4,
  TRANSCRIPT: 8,
  CHAT: 16,
  ALL: 32,
} as const;
export type MediaType = ValueOf<typeof MediaType>;

/** The five media kinds, by the name used in `media_params` and in this codebase. */
export const MediaKinds = ['audio', 'video', 'deskshare', 'transcript', 'chat'] as const;
export type MediaKind = (typeof MediaKinds)[number];

export const MediaKindFlag: Readonly<Record<MediaKind, number>> = {
  audio: MediaType.AUDIO,
  video: MediaType.VIDEO,
  deskshare: MediaType.DESKSHARE,
  transcript: MediaType.TRANSCRIPT,
  chat: MediaType.CHAT,
};

/** The kinds named by a media_type bitmask (ALL expands to every kind; filter by scope yourself). */
export function mediaKindsOf(mask: number): MediaKind[] {
  if (mask & MediaType.ALL) return [...MediaKinds];
  return MediaKinds.filter((k) => (mask & MediaKindFlag[k]) !== 0);
}

/** The bitmask for a set of kinds. */
export function mediaTypeMask(kinds: Iterable<MediaKind>): number {
  let mask = 0;
  for (const k of kinds) mask |= MediaKindFlag[k];
  return mask;
}

export const MediaContentType = {
  UNDEFINED: 0,
  /** Deprecated alias; Zoom's newest helper maps "RTP" to RAW_AUDIO (2). */
  RTP: 1,
  RAW_AUDIO: 2,
  RAW_VIDEO: 3,
  FILE_STREAM: 4,
  TEXT: 5,
} as const;
export type MediaContentType = ValueOf<typeof MediaContentType>;

/** MEDIA_PAYLOAD_TYPE. */
export const Codec = {
  L16: 1,
  G711: 2,
  G722: 3,
  OPUS: 4,
  JPG: 5,
  PNG: 6,
  H264: 7,
} as const;
export type Codec = ValueOf<typeof Codec>;

export const AudioSampleRate = {
  SR_8K: 0,
  SR_16K: 1,
  SR_32K: 2,
  SR_48K: 3,
} as const;
export type AudioSampleRate = ValueOf<typeof AudioSampleRate>;

/** Hz for each AUDIO_SAMPLE_RATE value. */
export const SAMPLE_RATE_HZ: Readonly<Record<AudioSampleRate, number>> = {
  0: 8_000,
  1: 16_000,
  2: 32_000,
  3: 48_000,
};

export const AudioChannel = { MONO: 1, STEREO: 2 } as const;
export type AudioChannel = ValueOf<typeof AudioChannel>;

/** MEDIA_DATA_OPTION. */
export const DataOption = {
  AUDIO_MIXED_STREAM: 1,
  AUDIO_MULTI_STREAMS: 2,
  VIDEO_SINGLE_ACTIVE_STREAM: 3,
  VIDEO_SINGLE_INDIVIDUAL_STREAM: 4,
  VIDEO_MIXED_GALLERY_VIEW: 5,
} as const;
export type DataOption = ValueOf<typeof DataOption>;

export const MediaResolution = { SD: 1, HD: 2, FHD: 3, QHD: 4 } as const;
export type MediaResolution = ValueOf<typeof MediaResolution>;

/** RTMS_DATA_MESSAGE_ATTRIBUTE on transcript segments (revisions). */
export const TranscriptAttribute = { NONE: 0, NEW: 1, UPDATE: 2, DELETE: 3 } as const;
export type TranscriptAttribute = ValueOf<typeof TranscriptAttribute>;

/** RTMS_TRANSCRIPT_LANGUAGE: the documented anchors only; valid values are -1 (none/auto) .. 36. */
export const TranscriptLanguage = {
  NONE: -1,
  ARABIC: 0,
  ENGLISH: 9,
  VIETNAMESE: 36,
  MIN: -1,
  MAX: 36,
} as const;
