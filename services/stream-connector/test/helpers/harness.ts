import { Kvm } from '@nats-io/kv';
import {
  Buckets,
  type StreamLease,
  type StreamLifecycle,
  Streams,
  Subjects,
  type TranscriptSegment,
} from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { provisionTopology } from '@rtms/nats';
import type { Tracing } from '@rtms/service-kit';
import { isolatedNatsTest, type NatsContext, natsTest, waitFor } from '@rtms/testkit';
import { startZoomSimulator, type ZoomSimulator, type ZoomSimulatorOptions } from '@rtms/zoom-sim';
import { buildApp, type ConnectorApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectorTopology } from '../../src/topology.js';
import { startWebhookBridge } from './webhook-bridge.js';

export const logger = createLogger({
  service: 'stream-connector-test',
  level: process.env.RTMS_TEST_LOG_LEVEL ?? 'silent',
});

/** Short keep-alives and retries, long grace periods: recovery happens in test time, never by expiry. */
const FAST_SIM: ZoomSimulatorOptions = {
  keepAliveIntervalMs: 200,
  signalingGraceMs: 20_000,
  mediaGraceMs: 20_000,
  webhookRetryDelaysMs: [100, 300],
  webhookTimeoutMs: 2000,
  handshakeTimeoutMs: 3000,
};

export const LEASE_TTL_MS = 2000;

/** The env of a connector pointed at `sim`, with test-sized timings. */
export function connectorEnv(
  sim: ZoomSimulator,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    ZOOM_CLIENT_ID: sim.credentials.clientId,
    ZOOM_CLIENT_SECRET: sim.credentials.clientSecret,
    RTMS_ALLOW_INSECURE_WS: 'true',
    RTMS_BACKOFF_BASE_MS: '50',
    RTMS_BACKOFF_MAX_MS: '400',
    RTMS_LEASE_TTL_MS: String(LEASE_TTL_MS),
    RTMS_CLAIM_INTERVAL_MS: '100',
    RTMS_KEEPALIVE_TIMEOUT_MS: '1500',
    RTMS_HANDSHAKE_TIMEOUT_MS: '2000',
    RTMS_LATENCY_SAMPLE_EVERY: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    ...overrides,
  };
}

export interface Stack {
  sim: ZoomSimulator;
  nats: NatsContext;
  /** Starts a connector replica in this process (closed after the test). */
  startApp(options?: {
    env?: Record<string, string>;
    replicaId?: string;
    tracing?: Tracing;
  }): Promise<ConnectorApp>;
  apps: ConnectorApp[];
}

interface StackOptions {
  sim?: ZoomSimulatorOptions;
  env?: Record<string, string>;
  /** Headers the webhook bridge puts on every stored webhook. */
  webhookHeaders?: Record<string, string>;
}

type StartStack = (options?: StackOptions) => Promise<Stack>;

async function stackFixture({ nats }: { nats: NatsContext }, use: (start: StartStack) => Promise<void>) {
  const teardowns: (() => Promise<void>)[] = [];
  await use(async (options = {}) => {
    const { stack, teardown } = await createStack(nats, options);
    teardowns.push(teardown);
    return stack;
  });
  for (const t of teardowns) await t();
}

/**
 * `connectorTest`: natsTest plus `startStack(options)`: the topology, a webhook bridge into JetStream, the
 * simulator posting to it, and connector apps on demand. Torn down before NATS (apps first, so they release
 * their streams and flush while NATS is still there).
 */
export const connectorTest = natsTest.extend<{ startStack: StartStack }>({ startStack: stackFixture });
/** The same on an own nats-server per test, which the test may stop and start (`natsServer`). */
export const isolatedConnectorTest = isolatedNatsTest.extend<{ startStack: StartStack }>({
  startStack: stackFixture,
});

async function createStack(nats: NatsContext, options: StackOptions) {
  const leaseTtlMs = Number(options.env?.RTMS_LEASE_TTL_MS ?? LEASE_TTL_MS);
  await provisionTopology(nats.nc, connectorTopology(leaseTtlMs), logger);
  const bridge = await startWebhookBridge(nats.js, options.webhookHeaders);
  const sim = await startZoomSimulator({ ...FAST_SIM, ...options.sim, webhookUrl: bridge.url });
  const apps: ConnectorApp[] = [];
  const teardown = async () => {
    await Promise.allSettled(apps.map((a) => a.close()));
    await sim.close();
    await bridge.close();
  };
  let n = 0;
  const stack: Stack = {
    sim,
    nats,
    apps,
    async startApp(o = {}) {
      n += 1;
      const config = loadConfig(connectorEnv(sim, { ...options.env, ...o.env }));
      const nc = await nats.connect(`connector-${n}`);
      const app = buildApp({
        config,
        logger,
        nc,
        replicaId: o.replicaId ?? `replica-${n}`,
        ...(o.tracing ? { tracing: o.tracing } : {}),
      });
      apps.push(app);
      await app.start();
      return app;
    },
  };
  return { stack, teardown };
}

/** Every message stored on `subject` in `stream`, oldest first (an ordered consumer read to the end). */
export async function readStored<T>(nats: NatsContext, stream: string, subject: string): Promise<T[]> {
  const info = await nats.jsm.streams.info(stream, { subjects_filter: subject });
  const total = info.state.subjects?.[subject] ?? 0;
  if (total === 0) return [];
  const consumer = await nats.js.consumers.get(stream, { filter_subjects: subject });
  const out: T[] = [];
  const batch = await consumer.fetch({ max_messages: total, expires: 2000 });
  for await (const m of batch) {
    out.push(m.json<T>());
    if (out.length >= total) break;
  }
  return out;
}

export const transcriptsOf = (nats: NatsContext, streamId: string) =>
  readStored<TranscriptSegment>(nats, Streams.transcripts, Subjects.transcript(streamId));

export const lifecycleOf = (nats: NatsContext, streamId: string) =>
  readStored<StreamLifecycle>(nats, Streams.events, Subjects.lifecycle(streamId));

/** Waits until the simulator sees the stream's signaling and every expected media socket ready. */
export function waitForLive(sim: ZoomSimulator, streamId: string, mediaSockets = 1, timeoutMs = 10_000) {
  return waitFor(
    () => {
      const s = sim.stream(streamId);
      return (
        s?.signalingConnected &&
        s.mediaSockets.length === mediaSockets &&
        s.mediaSockets.every((m) => m.ready) &&
        s
      );
    },
    { timeoutMs, what: `stream ${streamId} live with ${mediaSockets} media socket(s)` },
  );
}

/** Waits until at least `count` transcript segments of the stream are stored. */
export function waitForTranscripts(nats: NatsContext, streamId: string, count: number, timeoutMs = 15_000) {
  return waitFor(
    async () => {
      const t = await transcriptsOf(nats, streamId);
      return t.length >= count && t;
    },
    { timeoutMs, intervalMs: 100, what: `${count} transcript segment(s) of ${streamId}` },
  );
}

/** The replica holding a stream's lease, if any. */
export async function leaseOwner(nats: NatsContext, streamId: string): Promise<string | undefined> {
  const kv = await new Kvm(nats.nc).open(Buckets.leases);
  const e = await kv.get(streamId);
  return e?.operation === 'PUT' ? e.json<StreamLease>().owner : undefined;
}

/** Sum of a Prometheus counter's samples (optionally those whose labels include `match`). */
export async function metricValue(app: ConnectorApp, name: string, match: Record<string, string> = {}) {
  const metric = app.metrics.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(match).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}
