import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Objm, StorageType } from '@nats-io/obj';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import { Buckets, recordingsStoreSpec } from '@rtms/contracts';
import { openBucket } from '@rtms/nats';
import { createHttpServer, createMetricsRegistry, natsConnectedCheck } from '@rtms/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type RecorderConfig, SERVICE } from './config.js';
import { RecordingList } from './http/recording-list.js';
import { registerRecordingRoutes } from './http/recording-routes.js';
import { RecorderLeases } from './leases.js';
import { createRecorderMetrics } from './metrics.js';
import { Recorder } from './recorder.js';
import { RecordingStore } from './store.js';
import { findFfmpeg } from './video/ffmpeg.js';
import { LiveMp4Cache } from './video/live-mp4-cache.js';

/** Listen addresses only this machine reaches. */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** A running recording's MP4 not asked for in this long leaves the cache. */
const LIVE_MP4_MAX_AGE_MS = 10 * 60_000;

export interface AppDeps {
  config: RecorderConfig;
  logger: Logger;
  nc: NatsConnection;
}

export interface RecorderApp {
  readonly http: ReturnType<typeof createHttpServer>;
  readonly metrics: Registry;
  /**
   * Opens the recordings bucket, resumes unfinished recordings, consumes RTMS_MEDIA, listens on HOST:PORT
   * (GET /recordings and /recordings/<id>/<file> besides health and metrics).
   */
  start(): Promise<string>;
  /** Stops reading, stores and acknowledges what was read, closes HTTP. */
  close(): Promise<void>;
}

export function buildApp(deps: AppDeps): RecorderApp {
  const { config, nc } = deps;
  const log = deps.logger;
  const registry = createMetricsRegistry(SERVICE);
  const metrics = createRecorderMetrics(registry);
  let recorder: Recorder | undefined;
  let liveMp4s: LiveMp4Cache | undefined;
  const http = createHttpServer({
    logger: log,
    metrics: registry,
    readiness: {
      nats: natsConnectedCheck(nc),
      consumer: () =>
        recorder?.consuming ? { ok: true } : { ok: false, detail: 'opening the bucket and the consumer' },
    },
  });
  http.get('/recordings/open', async () => ({ open: recorder?.openRecordings() ?? [] }));

  return {
    http,
    metrics: registry,
    async start() {
      const spec = recordingsStoreSpec({ recordingRetentionMs: config.RECORDING_RETENTION_MS });
      // Created with the configured replicas and TTL when missing; an existing bucket is used as it is.
      const os = await new Objm(nc).create(spec.name, {
        description: spec.description,
        storage: StorageType.File,
        replicas: config.NATS_REPLICAS,
        ...(spec.ttlMs > 0 ? { ttl: nanos(spec.ttlMs) } : {}),
      });
      const store = new RecordingStore(os, config.RECORDING_DIR);
      const ffmpeg = findFfmpeg(config.RECORDING_FFMPEG);
      if (!ffmpeg)
        log.warn(
          { RECORDING_FFMPEG: config.RECORDING_FFMPEG },
          'ffmpeg not found: JPEG/PNG video and screen share are not written, audio and H.264 are (apt-get install -y ffmpeg)',
        );
      const js = jetstream(nc);
      liveMp4s = new LiveMp4Cache({
        maxBuilds: config.RECORDING_LIVE_MP4_BUILDS,
        maxBytes: config.RECORDING_LIVE_MP4_CACHE_MB * 1024 * 1024,
        maxAgeMs: LIVE_MP4_MAX_AGE_MS,
      });
      registerRecordingRoutes(http, {
        list: new RecordingList(store),
        store,
        js,
        ...(config.RECORDINGS_TOKEN ? { token: config.RECORDINGS_TOKEN } : {}),
        logger: log,
        video: { cache: liveMp4s, ffmpeg },
      });
      const replicaId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
      const leases = new RecorderLeases(
        await openBucket(nc, Buckets.recorderLeases),
        replicaId,
        config.RECORDING_LEASE_TTL_MS,
      );
      recorder = new Recorder(
        js,
        await jetstreamManager(nc),
        nc,
        store,
        leases,
        {
          checkpointMs: config.RECORDING_CHECKPOINT_MS,
          idleTimeoutMs: config.RECORDING_IDLE_TIMEOUT_MS,
          claimIntervalMs: config.RECORDING_CLAIM_INTERVAL_MS,
          claimSpreadMs: config.RECORDING_CLAIM_SPREAD_MS,
          ffmpeg,
        },
        metrics,
        log.child({ component: 'recorder' }),
      );
      await recorder.start();
      const address = await http.listen({ port: config.PORT, host: config.HOST });
      const token = config.RECORDINGS_TOKEN !== undefined;
      log.info(
        { address, bucket: spec.name, dir: config.RECORDING_DIR ?? null, token, replicaId },
        'media recorder listening',
      );
      if (!token && !LOOPBACK.has(config.HOST))
        log.warn(
          { host: config.HOST },
          'GET /recordings has no access token: anyone reaching this port can download every recording; set RECORDINGS_TOKEN',
        );
      return address;
    },
    async close() {
      await recorder?.close();
      await http.close();
      await liveMp4s?.close();
    },
  };
}
