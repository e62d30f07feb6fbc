// webhook-gateway: throughput and p50/p99 latency of the full path (verify + durable JetStream publish + 200)
// at several concurrencies and at a fixed 1,000 req/s, against a bare node:http server doing the same verify
// and the same publish, in the same run, on the same nats-server. Prints the ratio. Runs the BUILT dist
// (`npm run bench webhook-gateway` builds first); 127.0.0.1 only; bounded in requests and time.
// Environment: NATS_URL (use that server instead of starting one), BENCH_SECONDS (per run, default 2),
// BENCH_GATEWAY_LOG_LEVEL (default info: the gateway's one line per request, as shipped).
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNatsServer } from '../packages/testkit/dist/nats-server-process.js';
import { freePort } from '../packages/testkit/dist/ports.js';
import { runConcurrency, runRate, signedRequests } from './lib/webhook-load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-webhook-secret';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONCURRENCIES = [1, 16, 64];
const MAX_REQUESTS_PER_RUN = 40_000;
const RATE = 1000;
const ROUNDS = 3;

/** The run with the median throughput (its latencies come along). */
function median(runs) {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];
}

/** Spawns a server process and resolves once GET /healthz answers (its output is discarded). */
async function startServer(name, script, port, env, servers) {
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    // The gateway logs one line per request at info, as shipped; /dev/null takes it.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  servers.push(child);
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) return child;
    if (Date.now() > deadline) throw new Error(`${name} did not answer /healthz within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

async function main() {
  const nats = process.env.NATS_URL ? undefined : await startNatsServer();
  const natsUrl = process.env.NATS_URL ?? nats.url;
  const servers = [];
  try {
    const gatewayPort = await freePort();
    // The gateway provisions ZOOM_WEBHOOKS (file storage, 3 h dedupe window) on start; the bare server uses it.
    await startServer(
      'gateway',
      path.join(root, 'services/webhook-gateway/dist/main.js'),
      gatewayPort,
      {
        HOST: '127.0.0.1',
        NATS_URL: natsUrl,
        ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
        LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL ?? 'info',
      },
      servers,
    );
    const barePort = await freePort();
    await startServer(
      'bare',
      path.join(root, 'bench/lib/bare-webhook-server.mjs'),
      barePort,
      { NATS_URL: natsUrl, ZOOM_WEBHOOK_SECRET_TOKEN: SECRET },
      servers,
    );
    const targets = [
      { name: 'gateway', port: gatewayPort },
      { name: 'bare', port: barePort },
    ];
    console.log(
      `nats ${natsUrl}; ${SECONDS}s per run, median of ${ROUNDS} alternating runs; unique signed bodies; ` +
        `keep-alive connections; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${os.cpus().length} CPUs\n`,
    );

    // Warm-up (JIT, connections, stream files), not reported.
    for (const t of targets)
      await runConcurrency({
        port: t.port,
        requests: signedRequests(SECRET, 3000),
        concurrency: 16,
        maxMs: 1500,
      });

    // Each point is the median of ROUNDS alternating runs: the machine is shared, and a single run of either
    // server can land on a busy moment.
    const rows = [];
    for (const concurrency of CONCURRENCIES) {
      const runs = { gateway: [], bare: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
          const requests = signedRequests(SECRET, MAX_REQUESTS_PER_RUN);
          runs[t.name].push(
            await runConcurrency({ port: t.port, requests, concurrency, maxMs: SECONDS * 1000 }),
          );
        }
      }
      rows.push({ concurrency, gateway: median(runs.gateway), bare: median(runs.bare) });
    }
    const rate = {};
    for (const t of targets)
      rate[t.name] = await runRate({
        port: t.port,
        requests: signedRequests(SECRET, RATE * Math.max(4, SECONDS)),
        rate: RATE,
        durationMs: Math.max(4, SECONDS) * 1000,
      });

    console.log('concurrency | server  |    req/s | p50 ms | p99 ms | errors');
    for (const row of rows) {
      for (const name of ['gateway', 'bare']) {
        const r = row[name];
        console.log(
          `${String(row.concurrency).padStart(11)} | ${name.padEnd(7)} | ${fmt(r.rps, 0).padStart(8)} | ${fmt(r.p50).padStart(6)} | ${fmt(r.p99).padStart(6)} | ${r.errors}`,
        );
      }
      console.log(
        `${''.padStart(11)} | ratio gateway/bare throughput: ${fmt(row.gateway.rps / row.bare.rps)}`,
      );
    }
    console.log(
      `\nfixed rate ${RATE} req/s for ${Math.max(4, SECONDS)}s (latency from the scheduled send time):`,
    );
    for (const name of ['gateway', 'bare']) {
      const r = rate[name];
      console.log(
        `  ${name.padEnd(7)} sent ${r.requests}, ok ${r.ok}, errors ${r.errors}; p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms`,
      );
    }
    const worst = Math.min(...rows.map((r) => r.gateway.rps / r.bare.rps));
    console.log(
      `\nsummary: lowest throughput ratio ${fmt(worst)} (target ≥ 0.80); gateway p99 at ${RATE} req/s ${fmt(rate.gateway.p99)} ms (target < 10 ms)`,
    );
    const errors =
      rows.reduce((n, r) => n + r.gateway.errors + r.bare.errors, 0) + rate.gateway.errors + rate.bare.errors;
    if (errors > 0) {
      console.log(`${errors} request(s) did not get 200: the figures above are not comparable`);
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(servers.map(stop));
    await nats?.dispose();
  }
}

await main();
