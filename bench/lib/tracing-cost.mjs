import { freePort } from '../../packages/testkit/dist/ports.js';
import { alternatingRuns, startServer, stop } from './http-server-process.mjs';

// What tracing costs the gateway: the same build twice on one NATS, tracing off and tracing on (exporting
// OTLP/HTTP to a sink in another process), at one concurrency, alternating runs; throughput and CPU per
// request on/off. Off is the shipped default; with no endpoint set each call site tests one boolean.

const ROUNDS = 5;
const CONCURRENCY = 16;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function measureTracingCost({ natsUrl, secret, seconds, maxRequests }) {
  const servers = [];
  try {
    const sinkPort = await freePort();
    await startServer('otlp sink', 'bench/lib/otlp-sink.mjs', sinkPort, {}, servers);
    const base = {
      HOST: '127.0.0.1',
      NATS_URL: natsUrl,
      ZOOM_WEBHOOK_SECRET_TOKEN: secret,
      LOG_LEVEL: 'info',
    };
    const targets = [];
    for (const [name, env] of [
      ['off', {}],
      ['on', { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}` }],
    ]) {
      const port = await freePort();
      const proc = await startServer(
        `gateway (tracing ${name})`,
        'services/webhook-gateway/dist/main.js',
        port,
        { ...base, ...env },
        servers,
      );
      targets.push({ name, port, pid: proc.pid });
    }
    const runs = await alternatingRuns(targets, {
      secret,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      maxMs: seconds * 1000,
      maxRequests,
    });
    const stats = await (await fetch(`http://127.0.0.1:${sinkPort}/stats`)).json();
    const of = (name) => ({
      rps: median(runs[name].map((r) => r.rps)),
      cpu: median(runs[name].map((r) => r.cpuUsPerRequest)),
      errors: runs[name].reduce((n, r) => n + r.errors, 0),
    });
    const result = { concurrency: CONCURRENCY, off: of('off'), on: of('on'), exported: stats };
    console.log(
      `\ntracing at concurrency ${CONCURRENCY} (median of ${ROUNDS}): off ${result.off.rps.toFixed(0)} req/s, ` +
        `${result.off.cpu.toFixed(0)} µs CPU/req; on ${result.on.rps.toFixed(0)} req/s, ` +
        `${result.on.cpu.toFixed(0)} µs CPU/req (${stats.exports} OTLP exports, ${stats.bytes} bytes)`,
    );
    return result;
  } finally {
    // The gateways first (they export what is left as they stop), the sink last.
    const [sink, ...gateways] = servers;
    await Promise.all(gateways.map(stop));
    if (sink) await stop(sink);
  }
}

/** Report figures: what tracing on costs against off (no target: reported, as the issue asks). */
export function tracingFigures(result) {
  return [
    {
      label: `tracing on/off: gateway throughput at concurrency ${result.concurrency}`,
      value: result.on.rps / result.off.rps,
      unit: '×',
    },
    { label: 'tracing on/off: gateway CPU per request', value: result.on.cpu / result.off.cpu, unit: '×' },
  ];
}
