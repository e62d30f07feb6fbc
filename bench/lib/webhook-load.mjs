// Load generator for webhook benchmarks: pre-signed unique Zoom webhooks (so JetStream stores each one, no
// dedupe shortcut), sent over keep-alive node:http connections to 127.0.0.1, either closed-loop at a fixed
// concurrency or open-loop at a fixed rate. Latency is measured per request; in the fixed-rate mode it is
// measured from the scheduled send time, so a stall is not hidden (no coordinated omission).
//
// Why not autocannon: every request needs its own body and signature, and the open-loop rate mode needs
// latencies from the schedule; a ~100-line loop does both with no dependency, and both servers under test
// face the very same client.
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';

/** `count` signed webhook requests, each with a unique body (new rtms_stream_id and event_ts). */
export function signedRequests(secret, count, path = '/webhook') {
  const ts = String(Math.floor(Date.now() / 1000));
  const base = Date.now();
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({
      event: 'meeting.rtms_started',
      event_ts: base + i,
      payload: {
        meeting_uuid: '4444AAAiAAAAAiAiAiiAii==',
        operator_id: '30R7kT7bTIKSNUFEuH_Qlg',
        rtms_stream_id: randomUUID().replaceAll('-', ''),
        server_urls: 'wss://rtms.zoom.us/ws',
      },
    });
    out[i] = {
      path,
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Zoom Marketplace/1.0a',
        'x-zm-request-timestamp': ts,
        'x-zm-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
        'x-zm-request-id': randomUUID(),
        'x-zm-trackingid': `v=2.0;clid=us06;rid=${i}`,
      },
    };
  }
  return out;
}

function send(agent, port, req) {
  return new Promise((resolve) => {
    const r = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: req.path, headers: req.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('error', () => resolve(0));
    r.end(req.body);
  });
}

function summarize(latenciesMs, statuses, elapsedMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (q) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
  const ok = statuses.filter((s) => s === 200).length;
  return {
    requests: statuses.length,
    ok,
    errors: statuses.length - ok,
    rps: (statuses.length / elapsedMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/** Closed loop: `concurrency` senders, each sending its next request when the previous answer is in. */
export async function runConcurrency({ port, requests, concurrency, maxMs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const statuses = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + maxMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length && performance.now() < deadline) {
        const req = requests[next++];
        const t0 = performance.now();
        statuses.push(await send(agent, port, req));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  return summarize(latencies, statuses, elapsed);
}

/** Open loop: one request every 1/rate s regardless of answers; latency counted from the scheduled time. */
export async function runRate({ port, requests, rate, durationMs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.min(requests.length, Math.floor((rate * durationMs) / 1000));
  const latencies = [];
  const statuses = [];
  const pending = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      send(agent, port, requests[i]).then((status) => {
        statuses.push(status);
        latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  const elapsed = performance.now() - started;
  agent.destroy();
  return summarize(latencies, statuses, elapsed);
}
