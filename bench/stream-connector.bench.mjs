// stream-connector: N streams from the simulator (audio every 20 ms + transcripts), N = 50, 200, 500. For the
// BUILT connector (`node services/stream-connector/dist/main.js`, one replica, one media socket per stream)
// and, in the same run on the same load, a bare pass-through consumer (bench/lib/stream-connector-bare.mjs):
// CPU in core-milliseconds per stream-second, p50/p99 Zoom-frame → subscriber latency of audio, resident
// memory per stream, frames delivered. Prints the CPU ratio connector/bare. Own nats-server (or NATS_URL),
// the simulator in its own process, 127.0.0.1 only, bounded in streams and time; asserts nothing.
// Environment: BENCH_SECONDS (measured window, default 5), BENCH_STREAMS (default 50,200,500),
// BENCH_CONNECTOR_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the connector).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLogger } from '../packages/logger/dist/index.js';
import { connectNats } from '../packages/nats/dist/index.js';
import { startNatsServer } from '../packages/testkit/dist/nats-server-process.js';
import { freePort } from '../packages/testkit/dist/ports.js';
import { child, until as untilWithin } from './lib/child.mjs';
import { spawnConnector } from './lib/connector-process.mjs';
import { saveResults } from './lib/results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fromConnector = createRequire(path.join(root, 'services/stream-connector/package.json'));
const { jetstream } = await import(pathToFileURL(fromConnector.resolve('@nats-io/jetstream')).href);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const COUNTS = (process.env.BENCH_STREAMS ?? '50,200,500').split(',').map(Number);
const WARMUP_MS = 2000;
const SETTLE_TIMEOUT_MS = 90_000;

const until = (check, what) => untilWithin(check, what, SETTLE_TIMEOUT_MS);

async function scrape(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    cpuMs: value('process_cpu_seconds_total') * 1000,
    rss: value('process_resident_memory_bytes'),
    owned: value('rtms_connector_streams_owned'),
    audioPublished: Number(
      /^rtms_connector_messages_total\{[^}]*type="audio"[^}]*\} (\S+)$/m.exec(text)?.[1] ?? 0,
    ),
    // Since the previous scrape (prom-client resets the event-loop delay histogram on each collect).
    loopLagMaxMs: value('nodejs_eventloop_lag_max_seconds') * 1000,
  };
}

/**
 * Audio latency per frame, from the simulator's send time (in the Rtms-Timestamp header) to this process.
 * Every frame is counted; headers are decoded for about 5,000 frames a second (every k-th frame), so that
 * this subscriber does not become the bottleneck it is measuring at 500 streams.
 */
function latencyProbe(nc) {
  // Preallocated, so that collecting samples does not itself add GC pauses to the tail being measured.
  const samples = new Float64Array(2_000_000);
  let count = 0;
  let received = 0;
  let step = 1;
  let recording = false;
  const streams = new Set();
  nc.subscribe('rtms.audio.*', {
    callback: (_err, msg) => {
      if (!recording) {
        streams.add(msg.subject);
        return;
      }
      received += 1;
      if (received % step !== 0 || count >= samples.length) return;
      const sentAt = Number(msg.headers?.get('Rtms-Timestamp'));
      samples[count++] = performance.timeOrigin + performance.now() - sentAt;
    },
  });
  return {
    streamsSeen: () => streams.size,
    resetStreams: () => streams.clear(),
    start(n) {
      count = 0;
      received = 0;
      step = Math.max(1, Math.round(n / 100));
      recording = true;
    },
    stop() {
      recording = false;
      const sorted = samples.slice(0, count).sort();
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
      return { count: received, p50: at(0.5), p99: at(0.99) };
    },
  };
}

/** After a warm-up: CPU (from `mark`/`cpuSince`), latency, delivery and memory over the measured window. */
async function measure({ sim, probe, n, mark, cpuSince, rss }) {
  await sleep(WARMUP_MS);
  await mark();
  const simMark = await sim.call('mark');
  probe.start(n);
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const latency = probe.stop();
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = await cpuSince();
  const stats = await sim.call('stats');
  return {
    coreMsPerStreamSecond: cpuMs / (n * seconds),
    coreMsPerSecond: cpuMs / seconds,
    p50: latency.p50,
    p99: latency.p99,
    delivered: latency.count,
    sent: stats.frames.audio - simMark.frames.audio,
    simCoreMsPerSecond: stats.cpuMs / seconds,
    rss: await rss(),
  };
}

async function runConnector({ sim, probe, js, port, n }) {
  const idle = await scrape(port);
  const { bodies } = await sim.call('start', { count: n });
  probe.resetStreams();
  await Promise.all(
    bodies.map((b) =>
      js.publish('zoom.webhook.meeting.rtms_started', b, {
        msgID: createHash('sha256').update(b).digest('hex'),
      }),
    ),
  );
  await until(
    async () => (await scrape(port)).owned === n && probe.streamsSeen() >= n,
    `connector owning ${n}`,
  );
  let start = await scrape(port);
  let loopLagMaxMs = Number.NaN;
  let published = 0;
  const r = await measure({
    sim,
    probe,
    n,
    mark: async () => {
      start = await scrape(port);
    },
    cpuSince: async () => {
      const m = await scrape(port);
      loopLagMaxMs = m.loopLagMaxMs;
      published = m.audioPublished - start.audioPublished;
      return m.cpuMs - start.cpuMs;
    },
    rss: async () => (await scrape(port)).rss,
  });
  await sim.call('stop');
  await until(async () => (await scrape(port)).owned === 0, 'connector releasing its streams');
  return { ...r, mbPerStream: (r.rss - idle.rss) / n / 2 ** 20, loopLagMaxMs, published };
}

async function runBare({ sim, probe, bare, n }) {
  const idle = (await bare.call('stats')).rss;
  const { bodies, credentials } = await sim.call('start', { count: n });
  probe.resetStreams();
  await bare.call('connect', { bodies, credentials });
  await until(() => probe.streamsSeen() >= n, `bare consumer publishing ${n}`);
  const r = await measure({
    sim,
    probe,
    n,
    mark: () => bare.call('mark'),
    cpuSince: async () => (await bare.call('stats')).cpuMs,
    rss: async () => (await bare.call('stats')).rss,
  });
  await bare.call('disconnect');
  await sim.call('stop');
  return { ...r, mbPerStream: (r.rss - idle) / n / 2 ** 20 };
}

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

async function main() {
  const nats = process.env.NATS_URL ? undefined : await startNatsServer();
  const natsUrl = process.env.NATS_URL ?? nats.url;
  const sim = child('bench/lib/stream-connector-sim.mjs');
  const bare = child('bench/lib/stream-connector-bare.mjs', { NATS_URL: natsUrl });
  const port = await freePort();
  let connector;
  const logger = createLogger({ service: 'stream-connector-bench', level: 'warn' });
  const nc = await connectNats({ servers: natsUrl, name: 'bench-subscriber', logger });
  try {
    await Promise.all([sim.ready, bare.ready]);
    const credentials = (await sim.call('start', { count: 0 })).credentials;
    const nodeArgs = (process.env.BENCH_CONNECTOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // Logs as shipped (info, JSON); /dev/null takes them.
    connector = spawnConnector({
      natsUrl,
      port,
      credentials,
      nodeArgs,
      env: { RTMS_MEDIA_SOCKETS: 'single', LOG_LEVEL: process.env.BENCH_CONNECTOR_LOG_LEVEL ?? 'info' },
    });
    await until(
      () =>
        fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      'connector ready',
    );
    const js = jetstream(nc);
    const probe = latencyProbe(nc);
    console.log(
      `nats ${natsUrl}; audio 20 ms + transcripts per stream; simulator tick ${process.env.BENCH_SIM_TICK_MS ?? 2} ms, stream phases spread over ${process.env.BENCH_SIM_SPREAD_MS ?? 20} ms; ${SECONDS}s measured after ${WARMUP_MS / 1000}s warm-up\n`,
    );
    console.log(
      'streams | consumer  | core-ms/stream-s | core-ms/s | p50 ms | p99 ms | MB/stream | audio delivered/sent | sim core-ms/s',
    );
    const rows = [];
    for (const n of COUNTS) {
      const c = await runConnector({ sim, probe, js, port, n });
      const b = await runBare({ sim, probe, bare, n });
      rows.push({ n, c, b });
      for (const [name, r] of [
        ['connector', c],
        ['bare', b],
      ]) {
        console.log(
          `${String(n).padStart(7)} | ${name.padEnd(9)} | ${fmt(r.coreMsPerStreamSecond, 3).padStart(16)} | ${fmt(r.coreMsPerSecond, 0).padStart(9)} | ${fmt(r.p50).padStart(6)} | ${fmt(r.p99).padStart(6)} | ${fmt(r.mbPerStream, 3).padStart(9)} | ${`${r.delivered}/${r.sent}`.padStart(20)} | ${fmt(r.simCoreMsPerSecond, 0).padStart(13)}`,
        );
      }
      console.log(
        `${''.padStart(7)} | ratio connector/bare CPU: ${fmt(c.coreMsPerStreamSecond / b.coreMsPerStreamSecond)}; ` +
          `connector published ${c.published} audio frames in the window, event-loop delay max ${fmt(c.loopLagMaxMs, 1)} ms`,
      );
    }
    const at200 = rows.find((r) => r.n === 200);
    const largest = rows.at(-1);
    console.log(
      `\nsummary: CPU ratio ${rows.map((r) => `${r.n}: ${fmt(r.c.coreMsPerStreamSecond / r.b.coreMsPerStreamSecond)}`).join(', ')} (target ≤ 1.0); ` +
        `p99 at 200 streams ${fmt(at200?.c.p99)} ms (bare ${fmt(at200?.b.p99)} ms); ` +
        `${largest?.n} streams use ${fmt(largest ? largest.c.coreMsPerSecond / 10 : Number.NaN, 0)} % of one core`,
    );
    saveResults('stream-connector', {
      figures: [
        ...rows.map((r) => ({
          label: `CPU connector/bare at ${r.n} streams`,
          value: r.c.coreMsPerStreamSecond / r.b.coreMsPerStreamSecond,
          unit: '×',
          target: { op: '<=', value: 1.0 },
        })),
        ...rows.map((r) => ({
          label: `p99 frame → subscriber, connector/bare at ${r.n} streams`,
          value: r.c.p99 / r.b.p99,
          unit: '×',
          target: { op: '<', value: 1.0 },
        })),
        ...rows.map((r) => ({ label: `connector p99 at ${r.n} streams`, value: r.c.p99, unit: 'ms' })),
        {
          label: `connector CPU at ${largest?.n} streams`,
          value: largest ? largest.c.coreMsPerSecond / 10 : Number.NaN,
          unit: '% of a core',
        },
      ],
      charts: [
        {
          id: 'cpu',
          title: 'stream-connector: CPU per stream by streams',
          xLabel: 'streams (audio 20 ms + transcripts)',
          yLabel: 'core-ms per stream-second',
          series: [
            { name: 'connector', points: rows.map((r) => [r.n, r.c.coreMsPerStreamSecond]) },
            { name: 'bare ws→nats consumer', points: rows.map((r) => [r.n, r.b.coreMsPerStreamSecond]) },
          ],
        },
        {
          id: 'latency',
          title: 'stream-connector: p99 frame → subscriber by streams',
          xLabel: 'streams (audio 20 ms + transcripts)',
          yLabel: 'p99 ms',
          series: [
            { name: 'connector', points: rows.map((r) => [r.n, r.c.p99]) },
            { name: 'bare ws→nats consumer', points: rows.map((r) => [r.n, r.b.p99]) },
          ],
        },
      ],
    });
  } finally {
    if (connector && connector.exitCode === null) {
      connector.kill('SIGTERM');
      await new Promise((resolve) => connector.once('exit', resolve));
    }
    await Promise.all([sim.exit(), bare.exit()]);
    await nc.close();
    await nats?.dispose();
  }
}

await main();
