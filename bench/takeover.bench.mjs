// takeover: how long the streams of a SIGKILLed stream-connector replica stay dark. 3 replicas of the BUILT
// connector; every stream (audio 20 ms + transcripts) owned by the first; SIGKILL it; takeover = from the kill
// until every stream's audio flows again (its first frame on rtms.audio.<id> more than 300 ms after the kill:
// the dead replica cannot have sent it). Measured with replica heartbeats (shipped: every 250 ms, RTMS_REPLICA_DEAD_MS=1000)
// against the baseline of the same run without them (RTMS_REPLICA_DEAD_MS=0: the 5 s lease TTL). Also the cost
// of the heartbeats: CPU of 3 idle replicas and of nats-server with heartbeats every 250 ms against every 10 s.
// Environment: BENCH_TAKEOVER_STREAMS (default 100), NATS_URL (else an own nats-server). 127.0.0.1 only.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLogger } from '../packages/logger/dist/index.js';
import { connectNats } from '../packages/nats/dist/index.js';
import { startNatsServer } from '../packages/testkit/dist/nats-server-process.js';
import { freePort } from '../packages/testkit/dist/ports.js';
import { child, until } from './lib/child.mjs';
import { spawnConnector } from './lib/connector-process.mjs';
import { saveResults } from './lib/results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fromConnector = createRequire(path.join(root, 'services/stream-connector/package.json'));
const { jetstream } = await import(pathToFileURL(fromConnector.resolve('@nats-io/jetstream')).href);
const STREAMS = Number(process.env.BENCH_TAKEOVER_STREAMS ?? 100);
const IDLE_SECONDS = 10;
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

/** CPU time of a process in ms (Linux /proc). */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function startReplica(name, natsUrl, credentials, env) {
  const port = await freePort();
  const proc = spawnConnector({
    natsUrl,
    port,
    credentials,
    env: { RTMS_REPLICA_ID: name, LOG_LEVEL: 'warn', ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  await until(
    () =>
      fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ),
    `${name} ready`,
  );
  const owned = async () => (await (await fetch(`${url}/streams`)).json()).owned.length;
  const stop = (signal = 'SIGTERM') =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', resolve);
      proc.kill(signal);
    });
  return { name, proc, owned, stop };
}

/** Last audio frame arrival per stream subject. */
function audioWatch(nc) {
  const lastAt = new Map();
  const firstAfter = new Map();
  let since = Number.POSITIVE_INFINITY;
  nc.subscribe('rtms.audio.*', {
    callback: (_err, msg) => {
      const now = Date.now();
      lastAt.set(msg.subject, now);
      if (now > since && !firstAfter.has(msg.subject)) firstAfter.set(msg.subject, now);
    },
  });
  return {
    flowing: () => lastAt.size,
    after(t) {
      since = t;
      firstAfter.clear();
    },
    resumed: () => firstAfter,
  };
}

async function takeover({ natsUrl, nc, js, sim, credentials, deadMs }) {
  const env = { RTMS_REPLICA_DEAD_MS: String(deadMs) };
  const watch = audioWatch(nc);
  const first = await startReplica('t1', natsUrl, credentials, env);
  const others = [];
  try {
    const { bodies } = await sim.call('start', { count: STREAMS });
    await Promise.all(
      bodies.map((b) =>
        js.publish('zoom.webhook.meeting.rtms_started', b, {
          msgID: createHash('sha256').update(b).digest('hex'),
        }),
      ),
    );
    await until(
      async () => (await first.owned()) === STREAMS && watch.flowing() >= STREAMS,
      'first owning all',
    );
    others.push(
      await startReplica('t2', natsUrl, credentials, env),
      await startReplica('t3', natsUrl, credentials, env),
    );
    await sleep(2000); // heartbeats of the newcomers seen, leases renewed at least once
    const killedAt = Date.now();
    watch.after(killedAt + 300);
    await first.stop('SIGKILL');
    await until(() => watch.resumed().size >= STREAMS, 'every stream flowing again', 60_000);
    const times = [...watch.resumed().values()].map((t) => t - killedAt).sort((a, b) => a - b);
    const split = await Promise.all(others.map((o) => o.owned()));
    return { maxMs: times.at(-1), medianMs: times[Math.floor(times.length / 2)], split };
  } finally {
    // Stopped streams are let go (and marked stopped in the registry) before the replicas exit, so the next
    // run starts from no active stream.
    await sim.call('stop');
    await until(
      async () => (await Promise.all(others.map((o) => o.owned().catch(() => 0)))).every((n) => n === 0),
      'streams released',
      30_000,
    ).catch(() => undefined);
    await Promise.all([first, ...others].map((r) => r.stop()));
  }
}

async function heartbeatCost({ natsUrl, credentials, natsPid, heartbeatMs }) {
  const env = { RTMS_HEARTBEAT_MS: String(heartbeatMs), RTMS_REPLICA_DEAD_MS: String(heartbeatMs * 6) };
  const replicas = [];
  for (const n of ['h1', 'h2', 'h3']) replicas.push(await startReplica(n, natsUrl, credentials, env));
  try {
    await sleep(2000);
    const pids = [...replicas.map((r) => r.proc.pid), natsPid].filter(Boolean);
    const before = pids.map(cpuMs);
    await sleep(IDLE_SECONDS * 1000);
    const used = pids.map((pid, i) => cpuMs(pid) - before[i]);
    const replicaPct = used.slice(0, 3).reduce((a, b) => a + b, 0) / 3 / IDLE_SECONDS / 10;
    const natsPct = natsPid ? (used[3] ?? Number.NaN) / IDLE_SECONDS / 10 : Number.NaN;
    return { replicaPct, natsPct };
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
}

async function main() {
  const nats = process.env.NATS_URL ? undefined : await startNatsServer();
  const natsUrl = process.env.NATS_URL ?? nats.url;
  const sim = child('bench/lib/stream-connector-sim.mjs');
  const logger = createLogger({ service: 'takeover-bench', level: 'warn' });
  const nc = await connectNats({ servers: natsUrl, name: 'takeover-bench', logger });
  try {
    await sim.ready;
    const { credentials } = await sim.call('start', { count: 0 });
    const js = jetstream(nc);
    console.log(`nats ${natsUrl}; ${STREAMS} streams (audio 20 ms + transcripts) owned by one of 3 replicas`);
    const fast = await takeover({ natsUrl, nc, js, sim, credentials, deadMs: 1000 });
    console.log(
      `heartbeats (dead after 1 s): every stream flowing again ${fast.maxMs} ms after the kill (median ${fast.medianMs}); survivors own ${fast.split.join('/')}`,
    );
    const ttl = await takeover({ natsUrl, nc, js, sim, credentials, deadMs: 0 });
    console.log(
      `lease TTL only (5 s):          every stream flowing again ${ttl.maxMs} ms after the kill (median ${ttl.medianMs}); survivors own ${ttl.split.join('/')}`,
    );
    const on = await heartbeatCost({ natsUrl, credentials, natsPid: nats?.pid, heartbeatMs: 250 });
    const off = await heartbeatCost({ natsUrl, credentials, natsPid: nats?.pid, heartbeatMs: 10_000 });
    console.log(
      `idle CPU per replica: ${fmt(on.replicaPct, 3)} % of a core with heartbeats every 250 ms, ${fmt(off.replicaPct, 3)} % every 10 s; ` +
        `nats-server ${fmt(on.natsPct, 3)} % / ${fmt(off.natsPct, 3)} %`,
    );
    saveResults('takeover', {
      figures: [
        {
          label: `takeover of ${STREAMS} streams after SIGKILL (heartbeats)`,
          value: fast.maxMs / 1000,
          unit: 's',
          target: { op: '<=', value: 2 },
        },
        {
          label: `takeover of ${STREAMS} streams after SIGKILL (lease TTL only, baseline)`,
          value: ttl.maxMs / 1000,
          unit: 's',
        },
        { label: 'takeover heartbeats/baseline', value: fast.maxMs / ttl.maxMs, unit: '×' },
        {
          label: 'heartbeat cost per replica (250 ms vs 10 s, replica + its share of nats-server)',
          value: on.replicaPct - off.replicaPct + (on.natsPct - off.natsPct) / 3,
          unit: '% of a core',
          target: { op: '<', value: 1 },
        },
      ],
    });
  } finally {
    await sim.exit();
    await nc.close();
    await nats?.dispose();
  }
}

await main();
