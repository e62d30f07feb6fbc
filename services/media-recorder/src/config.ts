import { commonEnv, env, loadConfig as load } from '@rtms/config';
import { TopologyDefaults } from '@rtms/contracts';
import { z } from 'zod';

export const SERVICE = 'media-recorder';

export const RecorderEnv = z.object({
  ...commonEnv(),
  PORT: env
    .port(3004)
    .describe('HTTP port for /recordings (list and files), /healthz, /readyz and /metrics (default 3004)'),
  HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe('address to listen on: 0.0.0.0 for every interface (default), 127.0.0.1 for local only'),
  RECORDING_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'also write each finished recording to this folder (<rtms_stream_id>/audio.wav, video.mp4, manifest.json, ...); ' +
        'unset = the rtms-recordings object store only',
    ),
  RECORDINGS_TOKEN: z
    .string()
    .min(16, 'use at least 16 characters, e.g. `openssl rand -hex 24`')
    .optional()
    .describe(
      'access token of GET /recordings and the files (Authorization: Bearer <token> or ?token=); give it the ' +
        "TRANSCRIPT_PAGE_TOKEN's value so the live page's links work; unset = no token (keep the port " +
        'private). npm start sets it',
    ),
  RECORDING_FFMPEG: z
    .string()
    .min(1)
    .default('ffmpeg')
    .describe(
      'ffmpeg binary that encodes video and screen share to MP4 (default ffmpeg on PATH; Debian: ' +
        'apt-get install -y ffmpeg, npm run setup does it as root); without it only audio is written',
    ),
  RECORDING_LIVE_MP4_BUILDS: env
    .int(2, { min: 1, max: 64 })
    .describe(
      'how many MP4s of running recordings (GET /recordings/<id>/video.mp4 before it is finalised) this ' +
        'recorder replica makes at once; more requests wait (default 2)',
    ),
  RECORDING_LIVE_MP4_CACHE_MB: env
    .int(1024, { min: 1, max: 1_000_000 })
    .describe(
      'MB of MP4s of running recordings kept in a temporary folder for the next request (files not used ' +
        'for 10 min and the least recently used beyond this go first; default 1024)',
    ),
  RECORDING_LEASE_TTL_MS: env
    .int(TopologyDefaults.recorderLeaseTtlMs, { min: 1000, max: 300_000 })
    .describe(
      "how soon another recorder replica takes over a dead replica's streams, in ms: the TTL of the " +
        'media-recorder-leases bucket, set when it is created (default 10000)',
    ),
  RECORDING_CLAIM_INTERVAL_MS: env
    .int(1000, { min: 100, max: 60_000 })
    .describe(
      'how often a recorder replica looks for recorded streams no replica writes, in ms (default 1000)',
    ),
  RECORDING_CLAIM_SPREAD_MS: env
    .int(20, { min: 0, max: 1000 })
    .describe(
      'claim delay per recorded stream a replica writes already, in ms (at most 1 s in all): less loaded ' +
        'recorder replicas claim new streams first (default 20)',
    ),
  RECORDING_CHECKPOINT_MS: env
    .int(2000, { min: 100, max: 30_000 })
    .describe(
      'how often new audio is stored and acknowledged, in ms: a restarted recorder reads at most about ' +
        'twice this again, and a running recording served over HTTP is one to two of these behind (default 2000)',
    ),
  RECORDING_IDLE_TIMEOUT_MS: env
    .int(300_000, { min: 1000, max: 86_400_000 })
    .describe(
      'a recording with nothing new for this long is finalised without a stop (connector gone), in ms; ' +
        'longer than any silence in a meeting, since Zoom sends no audio while no one speaks (default 300000)',
    ),
  RECORDING_RETENTION_MS: env
    .int(TopologyDefaults.recordingRetentionMs, { min: 0, max: 10 * 365 * 86_400_000 })
    .describe(
      'how long the rtms-recordings object store keeps recordings, in ms; 0 = until deleted (default 30 days)',
    ),
  RTMS_MEDIA_RETENTION_MS: env
    .int(TopologyDefaults.mediaRetentionMs, { min: 60_000, max: 7 * 24 * 3_600_000 })
    .describe(
      'how long RTMS_MEDIA keeps recorded media, in ms: the longest recorder outage a recording survives; ' +
        'the same value on the connector and the recorder (default 900000, 15 min)',
    ),
});

export type RecorderConfig = z.infer<typeof RecorderEnv>;

/** Parses the recorder's configuration; throws ConfigError naming every bad variable and its fix. */
export function loadConfig(source?: Record<string, string | undefined>): RecorderConfig {
  return load(SERVICE, RecorderEnv, source);
}
