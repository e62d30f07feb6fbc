import { commonEnv, env, loadConfig as load } from '@rtms/config';
import { TopologyDefaults } from '@rtms/contracts';
import {
  CLIENT_KEEP_ALIVE_SILENCE_MS,
  DEFAULT_MEDIA_PARAMS,
  type MediaParams,
  resolveMediaParams,
} from '@rtms/zoom-protocol';
import { z } from 'zod';
import { requestedMediaParams } from './media/media-params-env.js';
import { RequestedMediaTypes, wireKindsOf } from './media/media-plan.js';

export const SERVICE = 'stream-connector';

const mediaTypes = env
  .list(['transcript'])
  .pipe(
    z
      .array(
        z.enum(RequestedMediaTypes, { message: `each must be one of ${RequestedMediaTypes.join(', ')}` }),
      )
      .min(1, 'name at least one media type'),
  );

const replicaId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (at most 64)')
  .optional();

export const ConnectorEnv = z
  .object({
    ...commonEnv(),
    PORT: env.port(3002).describe('HTTP port for /healthz, /readyz and /metrics (default 3002)'),
    HOST: z
      .string()
      .min(1)
      .default('0.0.0.0')
      .describe('address to listen on: 0.0.0.0 for every interface (default), 127.0.0.1 for local only'),
    ZOOM_CLIENT_ID: z
      .string()
      .min(1)
      .describe('set it to the Client ID of your Zoom RTMS app (it signs the RTMS handshakes)'),
    ZOOM_CLIENT_SECRET: z
      .string()
      .min(1)
      .describe('set it to the Client Secret of your Zoom RTMS app (HMAC key of the handshake signature)'),
    RTMS_REPLICA_ID: replicaId.describe(
      'name of this replica in leases and logs (default <hostname>-<pid>-<random>); unique per replica',
    ),
    RTMS_MEDIA_TYPES: mediaTypes.describe(
      'media to receive, comma-separated: audio, video, share, transcript, chat, or all (default transcript)',
    ),
    RTMS_MEDIA_SOCKETS: z
      .enum(['split', 'single'])
      .default('split')
      .describe(
        'split (default): one media WebSocket per type; single: one socket on the "all" URL for every type',
      ),
    RTMS_BUFFER_DATA: env
      .bool(false)
      .describe('buffer_data in the handshake: true lets Zoom replay up to 60 s of audio (default false)'),
    RTMS_ALLOW_INSECURE_WS: env
      .bool(false)
      .describe(
        'accept ws:// server URLs (a local test server; npm start sets it for the simulator); production Zoom is wss:// (default false)',
      ),
    RTMS_TLS_CA_FILE: z
      .string()
      .min(1)
      .optional()
      .describe('PEM file of extra CA certificates to trust for wss:// (default: the system CAs only)'),
    RTMS_WS_MAX_PAYLOAD_BYTES: env
      .int(8 * 1024 * 1024, { min: 64 * 1024, max: 256 * 1024 * 1024 })
      .describe('largest WebSocket message accepted from Zoom, in bytes; larger closes the socket (8 MiB)'),
    RTMS_HANDSHAKE_TIMEOUT_MS: env
      .int(10_000, { min: 100, max: 120_000 })
      .describe('time for a WebSocket to open and answer its handshake, in ms (default 10000)'),
    RTMS_KEEPALIVE_TIMEOUT_MS: env
      .int(CLIENT_KEEP_ALIVE_SILENCE_MS, { min: 200, max: 600_000 })
      .describe('a socket silent this long (no keep-alive, no data) is reconnected, in ms (default 65000)'),
    RTMS_BACKOFF_BASE_MS: env
      .int(3000, { min: 10, max: 60_000 })
      .describe('first reconnect delay, doubled per failed attempt, in ms (default 3000, Zoom guidance)'),
    RTMS_BACKOFF_MAX_MS: env
      .int(30_000, { min: 10, max: 600_000 })
      .describe('largest reconnect delay, in ms (default 30000)'),
    RTMS_MAX_RECONNECT_ATTEMPTS: env
      .int(20, { min: 0, max: 10_000 })
      .describe('failed attempts in a row before a stream is given up and marked stopped; 0 = never (20)'),
    RTMS_MEDIA_MAX_ATTEMPTS: env
      .int(5, { min: 0, max: 1000 })
      .describe(
        'failures in a row of one media socket (handshake failed, or closed before any frame flowed) before ' +
          'the whole chain is redone; 0 = retry that socket alone forever (5)',
      ),
    RTMS_LEASE_TTL_MS: env
      .int(TopologyDefaults.leaseTtlMs, { min: 500, max: 30_000 })
      .describe(
        'ownership lease lifetime, in ms: a crashed replica loses its streams after this; the same value on ' +
          'every replica (default 5000)',
      ),
    RTMS_LEASE_RENEW_MS: env
      .int(0, { min: 0, max: 30_000 })
      .describe('lease renewal interval, in ms (default 0 = a third of RTMS_LEASE_TTL_MS)'),
    RTMS_HEARTBEAT_MS: env
      .int(250, { min: 20, max: 10_000 })
      .describe(
        'how often a replica writes its heartbeat to the rtms-connector-replicas bucket, in ms (250)',
      ),
    RTMS_REPLICA_DEAD_MS: env
      .int(1000, { min: 0, max: 60_000 })
      .describe(
        'a replica whose heartbeat is older than this is dead: the others take its leases over at once ' +
          'instead of waiting for RTMS_LEASE_TTL_MS; it stops its own streams a little earlier. Same value ' +
          'on every replica, at least 3 heartbeats; 0 = wait for the lease TTL (default 1000)',
      ),
    RTMS_CLAIM_INTERVAL_MS: env
      .int(1000, { min: 20, max: 60_000 })
      .describe('how often a replica looks for unowned streams to claim, in ms (default 1000)'),
    RTMS_CLAIM_SPREAD_MS: env
      .int(2, { min: 0, max: 1000 })
      .describe('claim delay per stream already owned, in ms: less loaded replicas claim first (default 2)'),
    RTMS_MAX_STREAMS: env
      .int(1000, { min: 1, max: 100_000 })
      .describe('most streams one replica owns at once (default 1000)'),
    RTMS_PUBLISH_MAX_IN_FLIGHT: env
      .int(256, { min: 1, max: 65_536 })
      .describe('JetStream publishes awaiting their ack at once, per replica (default 256)'),
    RTMS_PUBLISH_MAX_PENDING: env
      .int(20_000, { min: 1, max: 10_000_000 })
      .describe('JetStream messages queued while NATS is slow or down; the oldest is dropped above (20000)'),
    RTMS_PUBLISH_TIMEOUT_MS: env
      .int(5000, { min: 100, max: 120_000 })
      .describe('time to wait for a JetStream ack before retrying the publish, in ms (default 5000)'),
    RTMS_WEBHOOK_CONCURRENCY: env
      .int(8, { min: 1, max: 256 })
      .describe('webhooks handled at once by this replica (default 8)'),
    RTMS_LATENCY_SAMPLE_EVERY: env
      .int(16, { min: 1, max: 10_000 })
      .describe('record frame-to-publish latency of one media frame in N (default 16; 1 = every frame)'),
    RTMS_RECORDING: env
      .bool(false)
      .describe(
        'true: also publish audio, video and screen share (those in RTMS_MEDIA_TYPES) into the RTMS_MEDIA ' +
          'stream for the media recorder (docs/media-recorder.md) (default false)',
      ),
    RTMS_MEDIA_RETENTION_MS: env
      .int(TopologyDefaults.mediaRetentionMs, { min: 60_000, max: 7 * 24 * 3_600_000 })
      .describe(
        'how long RTMS_MEDIA keeps recorded media, in ms: the longest media-recorder outage a recording ' +
          'survives; the same value on the connector and the recorder (default 900000, 15 min)',
      ),
    ...requestedMediaParams.schema,
  })
  .superRefine((cfg, ctx) => {
    if (cfg.RTMS_BACKOFF_MAX_MS < cfg.RTMS_BACKOFF_BASE_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['RTMS_BACKOFF_MAX_MS'],
        message: `must be at least RTMS_BACKOFF_BASE_MS (${cfg.RTMS_BACKOFF_BASE_MS})`,
      });
    }
    const wire = requestedMediaParams.toWire(cfg);
    for (const kind of wireKindsOf(cfg.RTMS_MEDIA_TYPES)) {
      const result = resolveMediaParams(wire, [kind]);
      if (result.ok) continue;
      ctx.addIssue({
        code: 'custom',
        path: [requestedMediaParams.variableFor(kind, result.reason)],
        message: `invalid ${kind} media params: ${result.reason}`,
      });
    }
  });

export type ConnectorConfig = z.infer<typeof ConnectorEnv>;

/** Loads the connector's configuration from the environment (or `source`); throws ConfigError. */
export function loadConfig(source?: Record<string, string | undefined>): ConnectorConfig {
  return load(SERVICE, ConnectorEnv, source);
}

/** The media params the handshake asks for: protocol defaults with the configured values applied. */
export function mediaParamsOf(config: ConnectorConfig): MediaParams {
  const kinds = wireKindsOf(config.RTMS_MEDIA_TYPES);
  const result = resolveMediaParams(requestedMediaParams.toWire(config), kinds);
  return result.ok ? result.params : { ...DEFAULT_MEDIA_PARAMS };
}
