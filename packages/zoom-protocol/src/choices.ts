// Every point the wire reference (docs/rtms-protocol.md, listed in §8) marks uncertain gets one named constant
// here, set to the value the reference recommends. The simulator exposes each as an option; the connector reads
// the same constants. § numbers below are sections of docs/rtms-protocol.md.

/** Server → client keep-alive interval on both sockets (§6: "every 10 s"). */
export const KEEP_ALIVE_INTERVAL_MS = 10_000;
/** Unanswered keep-alives after which the server acts (§6: three). */
export const KEEP_ALIVE_MAX_MISSED = 3;
/** After a signaling interruption, how long Zoom waits for a fresh signaling handshake (§6: ~60 s). */
export const SIGNALING_RECONNECT_GRACE_MS = 60_000;
/** After a media interruption, how long Zoom waits for that media socket to come back (§6: 65 s, docs). */
export const MEDIA_RECONNECT_GRACE_MS = 65_000;
/** If a client sees no keep-alive for this long it should redo the signaling handshake (§6). */
export const CLIENT_KEEP_ALIVE_SILENCE_MS = 65_000;

/**
 * Zoom sends keep-alives either always (docs) or only while no data flows (reconnection sample). Default:
 * always (§6).
 */
export const KEEP_ALIVE_ONLY_WHEN_IDLE = false;

/**
 * Media interruption notice on the signaling socket: EVENT_UPDATE 7 and/or STREAM_STATE_UPDATE state 2
 * reason 14 (§6). Default: the event only, which is what the recovery matrix keys on.
 */
export const MEDIA_INTERRUPTION_NOTICE: 'event' | 'state' | 'both' = 'event';

/** Stop reason when a reconnect grace period expires with no reconnection (§6: "19/24 likely"). */
export const GRACE_EXPIRED_STOP_REASON = 19;

/** Webhook timestamp tolerance: not documented by Zoom; Zoom's samples use 300 s (§1.3). */
export const WEBHOOK_TIMESTAMP_TOLERANCE_S = 300;
/** A webhook endpoint must answer within this (§1.1). */
export const WEBHOOK_RESPONSE_DEADLINE_MS = 3_000;
/** Zoom's retry schedule after a 5xx or transport failure: +5 min, +20 min, +60 min (§1.1). */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [5 * 60_000, 20 * 60_000, 60 * 60_000];

/**
 * Success status of `PATCH …/rtms_app/status` (§2: UNCERTAIN; the Video SDK variant documents 204 No
 * Content). Clients must accept any 2xx, body possibly empty.
 */
export const RTMS_STATUS_SUCCESS_HTTP = 204;

/**
 * The media handshake response's encryption flag: the doc example spells it `payload_encrypted`, the table
 * `payload_encryption` (§4.2). The simulator sends the example's spelling; readers should accept both.
 */
export const MEDIA_HANDSHAKE_ENCRYPTION_FIELD = 'payload_encrypted';

/**
 * Keys of `media_server.server_urls` in the signaling handshake response (§3.3). audio/video/transcript/all
 * are documented; the deskshare and chat keys are what Zoom's library probes (UNCERTAIN), falling back to
 * `all`.
 */
export const SERVER_URL_KEYS = {
  audio: 'audio',
  video: 'video',
  deskshare: 'sharescreen',
  transcript: 'transcript',
  chat: 'chat',
  all: 'all',
} as const;

/**
 * Which handshake key carries the instance id (§3.1: UNCERTAIN for webinars and sessions). Zoom's JS library
 * sends `meeting_uuid` with the webinar/session id as value; servers should accept any of these keys.
 */
export const INSTANCE_ID_KEYS = ['meeting_uuid', 'webinar_uuid', 'session_id', 'engagement_id'] as const;
export type InstanceIdKey = (typeof INSTANCE_ID_KEYS)[number];
/** The key a client sends by default (what every Zoom sample does). */
export const DEFAULT_INSTANCE_ID_KEY: InstanceIdKey = 'meeting_uuid';

/**
 * `protocol_version` and `sequence` in the signaling handshake: the docs require them, older Zoom samples
 * omit them and evidently work (§3.1). Servers accept their absence by default.
 */
export const HANDSHAKE_REQUIRES_PROTOCOL_VERSION = false;
/** The protocol version clients send and servers accept. */
export const PROTOCOL_VERSION = 1;

/** How much audio Zoom buffers while the app is not connected (§3.1, §4.4). */
export const AUDIO_BUFFER_MAX_MS = 60_000;
