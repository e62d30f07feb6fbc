import { createRequire } from 'node:module';
import {
  GRACE_EXPIRED_STOP_REASON,
  HANDSHAKE_REQUIRES_PROTOCOL_VERSION,
  KEEP_ALIVE_INTERVAL_MS,
  KEEP_ALIVE_MAX_MISSED,
  KEEP_ALIVE_ONLY_WHEN_IDLE,
  MEDIA_INTERRUPTION_NOTICE,
  MEDIA_RECONNECT_GRACE_MS,
  type MediaKind,
  MediaKinds,
  RTMS_STATUS_SUCCESS_HTTP,
  SIGNALING_RECONNECT_GRACE_MS,
  WEBHOOK_RESPONSE_DEADLINE_MS,
  WEBHOOK_RETRY_DELAYS_MS,
} from '@rtms/zoom-protocol';
import type { Logger } from 'pino';

/**
 * Obviously fake credentials, the defaults when none are given. Defined once, in credentials.json (exported as
 * `@rtms/zoom-sim/credentials.json`), so that `npm start` (scripts/lib/local-env.mjs) reads the same values
 * without a build.
 */
export const SIM_DEFAULT_CREDENTIALS: Readonly<{
  clientId: string;
  clientSecret: string;
  accountId: string;
  webhookSecret: string;
}> = Object.freeze(createRequire(import.meta.url)('../credentials.json'));

/** Options of startZoomSimulator; every field is optional. Defaults follow docs/rtms-protocol.md. */
export interface ZoomSimulatorOptions {
  /** Interface to listen on (127.0.0.1). */
  host?: string;
  /** Port; 0 (default) picks a free one. REST, OAuth, control API and WebSockets share it. */
  port?: number;
  /** Base URL put into server_urls (default ws://<host>:<port>). */
  publicUrl?: string;
  clientId?: string;
  clientSecret?: string;
  accountId?: string;
  /** Secret token used to sign webhooks. */
  webhookSecret?: string;
  /** Where webhooks are POSTed; null = record only, never send. */
  webhookUrl?: string | null;
  /** Delays between webhook retries (Zoom: 5, 20, 60 min). Use short ones in tests. */
  webhookRetryDelaysMs?: readonly number[];
  /** A delivery not answered within this counts as failed (Zoom: 3 s). */
  webhookTimeoutMs?: number;
  /** Retry on any non-2xx (not only 5xx/transport failures, which is Zoom's documented rule). */
  webhookRetryOnAnyNon2xx?: boolean;
  /** Seed for every id and media byte; same seed + same calls → same bytes. */
  seed?: string | number;
  /**
   * When set, media timestamps are this epoch ms plus the media offset (instead of the wall clock at stream
   * start), so the frames of a stream are byte-identical run to run.
   */
  fixedEpochMs?: number;
  keepAliveIntervalMs?: number;
  keepAliveMaxMissed?: number;
  /** Send keep-alives only on sockets with no data flowing (UNCERTAIN; default false = always). */
  keepAliveOnlyWhenIdle?: boolean;
  signalingGraceMs?: number;
  mediaGraceMs?: number;
  mediaInterruptionNotice?: 'event' | 'state' | 'both';
  /** Stop reason when a reconnect grace expires (default 19). */
  graceExpiredStopReason?: number;
  /** A socket that has not completed its handshake within this is closed. */
  handshakeTimeoutMs?: number;
  /** Media generation tick (default 20 ms). One timer serves every stream. */
  mediaTickMs?: number;
  /**
   * Spread streams' media clocks over this many ms (default 0: every stream's frames fall due together).
   * Zoom's servers do not send every meeting's audio in the same millisecond; with a small `mediaTickMs`, a
   * spread of 20 gives many streams the independent phases a real load has. The phase comes from the stream
   * id, so it is deterministic.
   */
  mediaPhaseSpreadMs?: number;
  /** Largest accepted client frame; bigger ones close the socket with 1009. */
  maxClientFrameBytes?: number;
  /** Frames are dropped for a socket whose send buffer exceeds this (slow consumer). */
  maxBufferedBytes?: number;
  /** Status of a successful PATCH …/rtms_app/status (default 204). */
  restSuccessStatus?: number;
  /** Reject signaling handshakes without protocol_version (default false: the seed omits it). */
  requireProtocolVersion?: boolean;
  /** Media kinds the RTMS app's scopes allow (default all five). */
  scopes?: readonly MediaKind[];
  /** Delay between a start request and the rtms_started webhook. */
  rtmsStartDelayMs?: number;
  /** Access token lifetime (Zoom: 3600 s). */
  tokenTtlSec?: number;
  /**
   * Peer variants seen in Zoom's own public tooling (docs/zoom-simulator.md, "Peer variants"). Defaults are
   * the documented protocol.
   */
  peer?: PeerVariants;
  logger?: Logger;
}

/** How far the simulated server bends the protocol; each field defaults to the documented behaviour. */
export interface PeerVariants {
  /** false: media handshakes get no DATA_HAND_SHAKE_RESP (msg 4); data flows at once (Zoom's mock server). */
  mediaHandshakeAnswer?: boolean;
  /** KEEP_ALIVE_REQ shape: without `timestamp`, with a string one, or with extra fields. */
  keepAliveShape?: KeepAliveShape;
  /**
   * Where a stop is announced: `signaling` (SESSION_STATE_UPDATE STOPPED + STREAM_STATE_UPDATE TERMINATED),
   * `media` (TERMINATED on each media socket only), `session` (SESSION_STATE_UPDATE STOPPED only); then every
   * socket is closed.
   */
  stopNotice?: 'signaling' | 'media' | 'session';
  /** false: a stop sends no `*.rtms_stopped` webhook (tests send it by hand, later). */
  stopWebhook?: boolean;
  /** true: every media socket is closed by the server right after its successful handshake. */
  closeMediaAfterHandshake?: boolean;
  /**
   * `variant`: state updates spell their fields the other ways Zoom's sources do (SESSION_STATE_UPDATE
   * `session_id` and `reason`, STREAM_STATE_UPDATE `stop_reason`) and carry a field no schema names.
   */
  stateFields?: 'documented' | 'variant';
  /**
   * H.264 (codec 7) kinds whose pictures are sent as two messages with the frame's timestamp: the parameter
   * sets, then the IDR slice (an encoder may split a picture so; docs/rtms-protocol.md §4.3). Default none:
   * each picture one message (SPS, PPS, IDR).
   */
  h264ParameterSetsApart?: readonly ('video' | 'share')[];
}

export type KeepAliveShape = 'standard' | 'no-timestamp' | 'string-timestamp' | 'extra-fields';

export type SimConfig = Required<
  Omit<ZoomSimulatorOptions, 'logger' | 'publicUrl' | 'fixedEpochMs' | 'peer'>
> & {
  peer: Required<PeerVariants>;
  publicUrl: string | undefined;
  fixedEpochMs: number | undefined;
  seed: string;
};

export function resolveOptions(o: ZoomSimulatorOptions): SimConfig {
  return {
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    publicUrl: o.publicUrl,
    clientId: o.clientId ?? SIM_DEFAULT_CREDENTIALS.clientId,
    clientSecret: o.clientSecret ?? SIM_DEFAULT_CREDENTIALS.clientSecret,
    accountId: o.accountId ?? SIM_DEFAULT_CREDENTIALS.accountId,
    webhookSecret: o.webhookSecret ?? SIM_DEFAULT_CREDENTIALS.webhookSecret,
    webhookUrl: o.webhookUrl === undefined ? null : o.webhookUrl,
    webhookRetryDelaysMs: o.webhookRetryDelaysMs ?? WEBHOOK_RETRY_DELAYS_MS,
    webhookTimeoutMs: o.webhookTimeoutMs ?? WEBHOOK_RESPONSE_DEADLINE_MS,
    webhookRetryOnAnyNon2xx: o.webhookRetryOnAnyNon2xx ?? false,
    seed: String(o.seed ?? 'zoom-sim'),
    fixedEpochMs: o.fixedEpochMs,
    keepAliveIntervalMs: o.keepAliveIntervalMs ?? KEEP_ALIVE_INTERVAL_MS,
    keepAliveMaxMissed: o.keepAliveMaxMissed ?? KEEP_ALIVE_MAX_MISSED,
    keepAliveOnlyWhenIdle: o.keepAliveOnlyWhenIdle ?? KEEP_ALIVE_ONLY_WHEN_IDLE,
    signalingGraceMs: o.signalingGraceMs ?? SIGNALING_RECONNECT_GRACE_MS,
    mediaGraceMs: o.mediaGraceMs ?? MEDIA_RECONNECT_GRACE_MS,
    mediaInterruptionNotice: o.mediaInterruptionNotice ?? MEDIA_INTERRUPTION_NOTICE,
    graceExpiredStopReason: o.graceExpiredStopReason ?? GRACE_EXPIRED_STOP_REASON,
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
    mediaTickMs: o.mediaTickMs ?? 20,
    mediaPhaseSpreadMs: o.mediaPhaseSpreadMs ?? 0,
    maxClientFrameBytes: o.maxClientFrameBytes ?? 64 * 1024,
    maxBufferedBytes: o.maxBufferedBytes ?? 8 * 1024 * 1024,
    restSuccessStatus: o.restSuccessStatus ?? RTMS_STATUS_SUCCESS_HTTP,
    requireProtocolVersion: o.requireProtocolVersion ?? HANDSHAKE_REQUIRES_PROTOCOL_VERSION,
    scopes: o.scopes ?? MediaKinds,
    rtmsStartDelayMs: o.rtmsStartDelayMs ?? 0,
    tokenTtlSec: o.tokenTtlSec ?? 3600,
    peer: {
      mediaHandshakeAnswer: o.peer?.mediaHandshakeAnswer ?? true,
      keepAliveShape: o.peer?.keepAliveShape ?? 'standard',
      stopNotice: o.peer?.stopNotice ?? 'signaling',
      stopWebhook: o.peer?.stopWebhook ?? true,
      closeMediaAfterHandshake: o.peer?.closeMediaAfterHandshake ?? false,
      stateFields: o.peer?.stateFields ?? 'documented',
      h264ParameterSetsApart: o.peer?.h264ParameterSetsApart ?? [],
    },
  };
}
