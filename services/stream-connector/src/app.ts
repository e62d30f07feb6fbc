import { readFileSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, Consumers, decodeJson, type StreamRegistryEntry, Streams, Subjects } from '@rtms/contracts';
import { type RunningConsumer, runConsumer } from '@rtms/nats';
import type { BackoffPolicy } from '@rtms/retry';
import {
  createHttpServer,
  createMetricsRegistry,
  disabledTracing,
  natsConnectedCheck,
  type Tracing,
} from '@rtms/service-kit';
import { SessionState, StreamState } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type ConnectorConfig, mediaParamsOf, SERVICE } from './config.js';
import { mediaFormatOf, planMediaSockets } from './media/media-plan.js';
import { createConnectorMetrics } from './metrics.js';
import { Coordinator } from './ownership/coordinator.js';
import { LeaseStore } from './ownership/leases.js';
import { Liveness } from './ownership/liveness.js';
import { StreamRegistry } from './ownership/registry.js';
import { createWebhookHandler } from './ownership/webhook-intake.js';
import { type EventFields, JsonPublisher } from './publish/json-publisher.js';
import { CoreBatch, MediaChannelPublisher, NatsLink } from './publish/media-publisher.js';
import { JetStreamOutbox } from './publish/outbox.js';
import { RecordingTap } from './publish/recording-tap.js';
import { logStartupReport } from './startup-report.js';
import { createMediaRouter } from './stream/media-router.js';
import type { RunnerContext, RunnerEnd } from './stream/runner-context.js';
import { StreamRunner } from './stream/stream-runner.js';
import { defaultReplicaId } from './topology.js';

export interface AppDeps {
  config: ConnectorConfig;
  logger: Logger;
  nc: NatsConnection;
  /** Overrides RTMS_REPLICA_ID / the generated id (tests run several apps in one process). */
  replicaId?: string;
  /** Session, connect and handshake spans per owned stream (default: off). */
  tracing?: Tracing;
}

export interface ConnectorApp {
  readonly replicaId: string;
  readonly http: ReturnType<typeof createHttpServer>;
  readonly metrics: Registry;
  /** Loads the registry and leases, starts claiming, consumes webhooks, listens on HOST:PORT. */
  start(): Promise<void>;
  /** Stream ids this replica owns right now. */
  ownedStreams(): string[];
  /** Stops intake, releases every stream (sockets closed, leases deleted), flushes publishes, closes HTTP. */
  close(): Promise<void>;
}

const FLUSH_TIMEOUT_MS = 3000;

export function buildApp(deps: AppDeps): ConnectorApp {
  const { config, nc } = deps;
  const logger = deps.logger;
  const replicaId = deps.replicaId ?? config.RTMS_REPLICA_ID ?? defaultReplicaId();
  const log = logger.child({ replica: replicaId });
  const registry = createMetricsRegistry(SERVICE);
  const metrics = createConnectorMetrics(registry);
  const js = jetstream(nc);
  const leaseTtlMs = config.RTMS_LEASE_TTL_MS;
  const outbox = new JetStreamOutbox(
    js,
    {
      maxInFlight: config.RTMS_PUBLISH_MAX_IN_FLIGHT,
      maxPending: config.RTMS_PUBLISH_MAX_PENDING,
      timeoutMs: config.RTMS_PUBLISH_TIMEOUT_MS,
      // Inside the transcript stream's duplicate window, so a late retry is still recognised.
      maxAgeMs: 5 * 60_000,
    },
    metrics,
    log.child({ component: 'outbox' }),
  );
  const link = new NatsLink(nc);
  const coreBatch = new CoreBatch(nc);
  const params = mediaParamsOf(config);
  const plans = planMediaSockets(config.RTMS_MEDIA_TYPES, config.RTMS_MEDIA_SOCKETS, params);
  const kinds = new Set(plans.flatMap((p) => p.kinds));
  // Zoom's reconnect rule: doubling from the base to the cap, plus up to 10 % so streams failing together
  // do not retry in lock-step (docs/rtms-protocol.md).
  const backoff: BackoffPolicy = {
    baseMs: config.RTMS_BACKOFF_BASE_MS,
    maxMs: config.RTMS_BACKOFF_MAX_MS,
    jitter: { upTo: 0.1 },
  };
  const ctx: RunnerContext = {
    replicaId,
    clientId: config.ZOOM_CLIENT_ID,
    clientSecret: config.ZOOM_CLIENT_SECRET,
    plans,
    connection: {
      socket: {
        maxPayload: config.RTMS_WS_MAX_PAYLOAD_BYTES,
        handshakeTimeoutMs: config.RTMS_HANDSHAKE_TIMEOUT_MS,
        ca: config.RTMS_TLS_CA_FILE ? readFileSync(config.RTMS_TLS_CA_FILE) : undefined,
      },
      bufferData: config.RTMS_BUFFER_DATA,
      allowInsecure: config.RTMS_ALLOW_INSECURE_WS,
      backoff,
      keepAliveTimeoutMs: config.RTMS_KEEPALIVE_TIMEOUT_MS,
      mediaMaxAttempts: config.RTMS_MEDIA_MAX_ATTEMPTS,
    },
    backoff,
    maxAttempts: config.RTMS_MAX_RECONNECT_ATTEMPTS,
    metrics,
    tracing: deps.tracing ?? disabledTracing,
  };

  const recording =
    config.RTMS_RECORDING && (kinds.has('audio') || kinds.has('video') || kinds.has('deskshare'));
  if (config.RTMS_RECORDING && !recording)
    log.warn(
      { media: config.RTMS_MEDIA_TYPES },
      'RTMS_RECORDING is on but no audio, video or screen share is received: nothing is recorded',
    );

  const createRunner = (entry: StreamRegistryEntry, onStreamEnd: (end: RunnerEnd) => void) => {
    const id = entry.streamId;
    const streamLog = log.child({ streamId: id, meetingUuid: entry.instanceId });
    const tap = recording
      ? new RecordingTap({
          batch: coreBatch,
          js,
          streamId: id,
          meetingUuid: entry.instanceId,
          log: streamLog,
        })
      : undefined;
    const json = new JsonPublisher({
      outbox,
      streamId: id,
      meetingUuid: entry.instanceId,
      owner: replicaId,
      onEvent: tap && ((e) => recordingEvent(tap, e)),
    });
    const onEnd = (end: RunnerEnd) => {
      if (end.kind === 'stopped') tap?.end(end.reason);
      onStreamEnd(end);
    };
    const media = (type: 'audio' | 'video' | 'share', kind: 'audio' | 'video' | 'deskshare') =>
      kinds.has(kind)
        ? new MediaChannelPublisher({
            batch: coreBatch,
            link,
            metrics,
            type,
            subject: Subjects.media(type, id),
            format: mediaFormatOf(kind, params),
            meetingUuid: entry.instanceId,
            sampleEvery: config.RTMS_LATENCY_SAMPLE_EVERY,
            record: tap,
          })
        : undefined;
    const onMediaFrame = createMediaRouter({
      audio: media('audio', 'audio'),
      video: media('video', 'video'),
      share: media('share', 'deskshare'),
      json,
      transcript: kinds.has('transcript'),
      chat: kinds.has('chat'),
    });
    return new StreamRunner(entry, ctx, { json, onMediaFrame }, streamLog, onEnd);
  };

  let streams: StreamRegistry | undefined;
  let leases: LeaseStore | undefined;
  let liveness: Liveness | undefined;
  let coordinator: Coordinator | undefined;
  let consumer: RunningConsumer | undefined;
  let registryLoaded = false;

  const http = createHttpServer({
    logger: log,
    metrics: registry,
    readiness: {
      nats: natsConnectedCheck(nc),
      registry: () =>
        registryLoaded ? { ok: true } : { ok: false, detail: 'loading the stream registry and leases' },
    },
  });
  http.get('/streams', async () => ({ replicaId, owned: coordinator?.ownedStreams() ?? [] }));

  return {
    replicaId,
    http,
    metrics: registry,
    ownedStreams: () => coordinator?.ownedStreams() ?? [],

    async start() {
      const kvm = new Kvm(nc);
      streams = new StreamRegistry(await kvm.open(Buckets.streams), log);
      liveness = new Liveness(
        await kvm.open(Buckets.replicas),
        replicaId,
        { heartbeatMs: config.RTMS_HEARTBEAT_MS, deadMs: config.RTMS_REPLICA_DEAD_MS },
        log.child({ component: 'liveness' }),
      );
      await liveness.start();
      leases = new LeaseStore(await kvm.open(Buckets.leases), replicaId, leaseTtlMs, log, liveness);
      await Promise.all([streams.mirror.start(), leases.mirror.start()]);
      await Promise.all([streams.mirror.synced, leases.mirror.synced]);
      registryLoaded = true;
      const jsm = await jetstreamManager(nc);
      const wasConnected = async (streamId: string) => {
        const subject = Subjects.lifecycle(streamId);
        const last = await jsm.streams.getMessage(Streams.events, { last_by_subj: subject });
        if (!last) return false;
        const decoded = decodeJson('lifecycle', subject, last.data);
        return decoded.ok && decoded.value.state !== 'stopped';
      };
      coordinator = new Coordinator({
        registry: streams,
        leases,
        settings: {
          leaseTtlMs,
          renewMs: config.RTMS_LEASE_RENEW_MS || Math.max(10, Math.floor(leaseTtlMs / 3)),
          claimIntervalMs: config.RTMS_CLAIM_INTERVAL_MS,
          claimSpreadMs: config.RTMS_CLAIM_SPREAD_MS,
          maxStreams: config.RTMS_MAX_STREAMS,
          watchdogMs: Math.max(
            20,
            Math.min(250, Math.floor(leaseTtlMs / 10), Math.floor(config.RTMS_KEEPALIVE_TIMEOUT_MS / 4)),
          ),
        },
        createRunner,
        wasConnected,
        log: log.child({ component: 'ownership' }),
        metrics,
      });
      coordinator.start();
      consumer = await runConsumer({
        js,
        stream: Streams.webhooks,
        durable: Consumers.connectorWebhooks,
        key: 'webhook',
        logger: log,
        concurrency: config.RTMS_WEBHOOK_CONCURRENCY,
        handle: createWebhookHandler(streams, log.child({ component: 'webhooks' }), metrics),
      });
      await http.listen({ port: config.PORT, host: config.HOST });
      log.info(
        { port: config.PORT, media: config.RTMS_MEDIA_TYPES, sockets: config.RTMS_MEDIA_SOCKETS },
        'stream-connector ready',
      );
      logStartupReport(log, config);
    },

    async close() {
      await consumer?.stop();
      await coordinator?.shutdown();
      await liveness?.stop();
      const flushed = nc.isClosed() || (await outbox.flush(FLUSH_TIMEOUT_MS));
      if (!flushed) log.warn({ pending: outbox.pending }, 'JetStream publishes still pending at shutdown');
      outbox.close();
      streams?.mirror.stop();
      leases?.mirror.stop();
      await http.close();
    },
  };
}

/** The events the recording tap needs: where the recording starts, and Zoom's time of the stop. */
function recordingEvent(tap: RecordingTap, e: EventFields): void {
  if (e.kind === 'first_packet') tap.start(e.timestamp);
  else if (
    (e.kind === 'stream_state' && e.state === StreamState.TERMINATED) ||
    (e.kind === 'session_state' && e.state === SessionState.STOPPED)
  )
    tap.stoppedAt(e.timestamp);
}
