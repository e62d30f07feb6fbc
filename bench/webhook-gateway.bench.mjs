// webhook-gateway: throughput and p50/p99 latency of the full path (verify + durable JetStream publish + 200)
// at several concurrencies and at a fixed 1,000 req/s, against a bare node:http server doing the same verify
// and the same publish, in the same run, on the same nats-server. Prints the ratio. Runs the BUILT dist
// (`npm run bench webhook-gateway` builds first); 127.0.0.1 only; bounded in requests and time.
// Environment: NATS_URL (use that server instead of starting one), BENCH_SECONDS (per run, default 2),
// BENCH_GATEWAY_LOG_LEVEL (default info: the gateway's one line per request, as shipped), BENCH_CLUSTER=0 (skip
// the second run on a 3-node cluster with R3 streams). Figures and charts go to bench/results/.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNatsCluster } from '../packages/testkit/dist/nats-cluster.js';
import { startNatsServer } from '../packages/testkit/dist/nats-server-process.js';
import { freePort } from '../packages/testkit/dist/ports.js';
import { alternatingRuns, startServer, stop } from './lib/http-server-process.mjs';
import { saveResults } from './lib/results.mjs';
import { measureTracingCost, tracingFigures } from './lib/tracing-cost.mjs';
import { runRate, signedRequests } from './lib/webhook-load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-webhook-secret';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONCURRENCIES = [1, 16, 64];
const MAX_REQUESTS_PER_RUN = 40_000;
const RATE = 1000;
const ROUNDS = 5;
const RATE_SECONDS = 3;

/** The run with the median throughput (its latencies come along). */
function median(runs) {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];
}

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** One full measurement (every concurrency, then the fixed rate) of gateway and bare on one NATS. */
async function measure(natsUrl, replicas) {
  const servers = [];
  try {
    const gatewayPort = await freePort();
    // The gateway provisions ZOOM_WEBHOOKS (file storage, 3 h dedupe window) on start; the bare server uses it.
    const gatewayProc = await startServer(
      'gateway',
      path.join(root, 'services/webhook-gateway/dist/main.js'),
      gatewayPort,
      {
        HOST: '127.0.0.1',
        NATS_URL: natsUrl,
        ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
        NATS_REPLICAS: String(replicas),
        LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL ?? 'info',
      },
      servers,
    );
    const barePort = await freePort();
    const bareProc = await startServer(
      'bare',
      path.join(root, 'bench/lib/bare-webhook-server.mjs'),
      barePort,
      { NATS_URL: natsUrl, ZOOM_WEBHOOK_SECRET_TOKEN: SECRET },
      servers,
    );
    const targets = [
      { name: 'gateway', port: gatewayPort, pid: gatewayProc.pid },
      { name: 'bare', port: barePort, pid: bareProc.pid },
    ];
    console.log(
      `nats ${natsUrl}; ${SECONDS}s per run, median of ${ROUNDS} alternating runs; unique signed bodies; ` +
        `keep-alive connections; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${os.cpus().length} CPUs\n`,
    );

    // Each point is the median of ROUNDS alternating runs: the machine is shared, and a single run of either
    // server can land on a busy moment.
    const rows = [];
    for (const concurrency of CONCURRENCIES) {
      const runs = await alternatingRuns(targets, {
        secret: SECRET,
        concurrency,
        rounds: ROUNDS,
        maxMs: SECONDS * 1000,
        maxRequests: MAX_REQUESTS_PER_RUN,
      });
      rows.push({ concurrency, gateway: median(runs.gateway), bare: median(runs.bare) });
    }
    // The fixed-rate point too: 3 alternating runs, the one with the median p99 reported.
    const rateRuns = { gateway: [], bare: [] };
    for (let round = 0; round < 3; round++) {
      for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
        rateRuns[t.name].push(
          await runRate({
            port: t.port,
            requests: signedRequests(SECRET, RATE * RATE_SECONDS),
            rate: RATE,
            durationMs: RATE_SECONDS * 1000,
          }),
        );
      }
    }
    const byP99 = (runs) => [...runs].sort((a, b) => a.p99 - b.p99)[1];
    const rate = { gateway: byP99(rateRuns.gateway), bare: byP99(rateRuns.bare) };

    console.log('concurrency | server  |    req/s | p50 ms | p99 ms | CPU µs/req | errors');
    for (const row of rows) {
      for (const name of ['gateway', 'bare']) {
        const r = row[name];
        console.log(
          `${String(row.concurrency).padStart(11)} | ${name.padEnd(7)} | ${fmt(r.rps, 0).padStart(8)} | ${fmt(r.p50).padStart(6)} | ${fmt(r.p99).padStart(6)} | ${fmt(r.cpuUsPerRequest, 0).padStart(10)} | ${r.errors}`,
        );
      }
      console.log(
        `${''.padStart(11)} | ratio gateway/bare: throughput ${fmt(row.gateway.rps / row.bare.rps)}, ` +
          `CPU per request ${fmt(row.gateway.cpuUsPerRequest / row.bare.cpuUsPerRequest)}`,
      );
    }
    console.log(
      `\nfixed rate ${RATE} req/s, ${RATE_SECONDS}s runs, median-p99 of 3 (latency from the scheduled send time):`,
    );
    for (const name of ['gateway', 'bare']) {
      const r = rate[name];
      console.log(
        `  ${name.padEnd(7)} sent ${r.requests}, ok ${r.ok}, errors ${r.errors}; p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms`,
      );
    }
    const errors =
      rows.reduce((n, r) => n + r.gateway.errors + r.bare.errors, 0) + rate.gateway.errors + rate.bare.errors;
    if (errors > 0) {
      console.log(`${errors} request(s) did not get 200: the figures above are not comparable`);
      process.exitCode = 1;
    }
    return { rows, rate };
  } finally {
    await Promise.all(servers.map(stop));
  }
}

/** Figures with their targets (issue goals), for the report table. */
function figuresOf(label, { rows, rate }) {
  const worst = Math.min(...rows.map((r) => r.gateway.rps / r.bare.rps));
  const cpu = Math.max(...rows.map((r) => r.gateway.cpuUsPerRequest / r.bare.cpuUsPerRequest));
  return [
    ...rows.map((r) => ({
      label: `${label}: throughput gateway/bare at concurrency ${r.concurrency}`,
      value: r.gateway.rps / r.bare.rps,
      unit: '×',
      target: { op: '>=', value: 0.95 },
    })),
    {
      label: `${label}: lowest throughput ratio`,
      value: worst,
      unit: '×',
      target: { op: '>=', value: 0.95 },
    },
    {
      label: `${label}: highest CPU per request gateway/bare`,
      value: cpu,
      unit: '×',
      target: { op: '<=', value: 1.15 },
    },
    {
      label: `${label}: gateway p99 at ${RATE} req/s`,
      value: rate.gateway.p99,
      unit: 'ms',
      target: { op: '<', value: 10 },
    },
    { label: `${label}: bare p99 at ${RATE} req/s`, value: rate.bare.p99, unit: 'ms' },
  ];
}

async function main() {
  const topologies = [];
  if (process.env.NATS_URL) topologies.push({ label: 'given NATS', url: process.env.NATS_URL, replicas: 1 });
  else {
    topologies.push({ label: 'single node', start: () => startNatsServer(), replicas: 1 });
    // The same run on a 3-node cluster with R3 streams (BENCH_CLUSTER=0 skips it).
    if (process.env.BENCH_CLUSTER !== '0')
      topologies.push({ label: '3-node R3', start: () => startNatsCluster({ size: 3 }), replicas: 3 });
  }
  const measured = [];
  for (const t of topologies) {
    console.log(`\n--- ${t.label} ---`);
    const nats = t.start ? await t.start() : undefined;
    try {
      measured.push({ label: t.label, ...(await measure(t.url ?? nats.url, t.replicas)) });
    } finally {
      await nats?.dispose();
    }
  }
  // Tracing's cost, on the first topology only (a single node unless NATS_URL is given).
  const first = topologies[0];
  const nats = first.start ? await first.start() : undefined;
  let tracing;
  try {
    tracing = await measureTracingCost({
      natsUrl: first.url ?? nats.url,
      secret: SECRET,
      seconds: SECONDS,
      maxRequests: MAX_REQUESTS_PER_RUN,
    });
  } finally {
    await nats?.dispose();
  }
  const figures = [...measured.flatMap((m) => figuresOf(m.label, m)), ...tracingFigures(tracing)];
  console.log('\nsummary:');
  for (const f of figures) console.log(`  ${f.label}: ${fmt(f.value)} ${f.unit}`);
  const series = (name, pick) =>
    measured.map((m, i) => ({
      name: `${name} (${m.label})`,
      dashed: i > 0,
      points: m.rows.map((r) => [r.concurrency, pick(r)]),
    }));
  saveResults('webhook-gateway', {
    figures,
    charts: [
      {
        id: 'throughput',
        title: 'webhook-gateway: throughput by concurrency',
        xLabel: 'concurrent clients',
        yLabel: 'requests per second',
        series: [...series('gateway', (r) => r.gateway.rps), ...series('bare', (r) => r.bare.rps)],
      },
      {
        id: 'latency',
        title: 'webhook-gateway: p99 latency by concurrency',
        xLabel: 'concurrent clients',
        yLabel: 'p99 ms',
        series: [...series('gateway', (r) => r.gateway.p99), ...series('bare', (r) => r.bare.p99)],
      },
      {
        id: 'cpu',
        title: 'webhook-gateway: CPU per request by concurrency',
        xLabel: 'concurrent clients',
        yLabel: 'CPU µs per request',
        series: [
          ...series('gateway', (r) => r.gateway.cpuUsPerRequest),
          ...series('bare', (r) => r.bare.cpuUsPerRequest),
        ],
      },
    ],
  });
}

await main();
