// `npm run compose:check [single-node|cluster] [--timeout=SECONDS]`: proves that the Docker Compose setups
// really start. For each setup it runs `docker compose up -d --build` under a unique project name with free
// host ports, waits (bounded) until the demo meeting's transcript lines appear in the transcript-sink's log,
// zoom-api's delayed stop fires and the sink ends the transcript, checks every JetStream stream's replicas
// (3 on the cluster, all current), that every container is healthy and none restarted, then always takes
// the stack down (`down -v`), also on failure or Ctrl-C. Prints PASS/FAIL per setup; exits 0 when all pass.
// No Docker engine: says so and exits 0 (skipped). Not part of `npm test`: it builds images and takes minutes.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { ComposeProject, composeVersion, dockerUnavailable, freePorts } from './lib/compose.mjs';
import { demoProgress, replicaProblems, streamReplicas } from './lib/compose-checks.mjs';
import { SIMULATOR_CREDENTIALS } from './lib/local-env.mjs';
import { fail, info, SetupError, step, warn } from './lib/log.mjs';
import { generatedPasswords } from './lib/nats-users-file.mjs';
import { root } from './lib/paths.mjs';

const SETUPS = [
  { name: 'single-node', files: ['docker-compose.yml'], nats: ['nats'], replicas: 1 },
  {
    name: 'cluster',
    files: ['docker-compose.yml', 'docker-compose.cluster.yml'],
    nats: ['nats', 'nats-2', 'nats-3'],
    replicas: 3,
  },
];
// The simulator plays Zoom whatever .env says, and transcript lines are logged (info).
const SIMULATOR_ENV = {
  ...SIMULATOR_CREDENTIALS,
  RTMS_ALLOW_INSECURE_WS: 'true',
  ZOOM_API_BASE_URL: 'http://zoom-sim:9090/v2',
  ZOOM_OAUTH_URL: 'http://zoom-sim:9090/oauth/token',
  LOG_LEVEL: 'info',
};
const UP_TIMEOUT_MS = 20 * 60_000; // build + start; a cold build on a busy 2-core machine takes minutes
const POLL_MS = 3_000;
const HEARTBEAT_MS = 30_000;

class Interrupted extends Error {
  constructor(signal) {
    super(signal);
    this.name = 'Interrupted';
  }
}
let interrupted;
let current;

function onSignal(signal) {
  if (interrupted) return warn(`${signal} again: still taking the stack down, please wait`);
  interrupted = signal;
  warn(`${signal}: stopping, then taking the stack down`);
  current?.interrupt();
}

function checkInterrupted() {
  if (interrupted) throw new Interrupted(interrupted);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function parseArgs(argv) {
  let timeoutS = 300;
  const names = [];
  for (const arg of argv) {
    const t = /^--timeout=(\d+)$/.exec(arg);
    if (t) timeoutS = Number(t[1]);
    else if (SETUPS.some((s) => s.name === arg)) names.push(arg);
    else
      throw new SetupError(
        `unknown argument ${arg}; usage: npm run compose:check [single-node|cluster] [--timeout=SECONDS]`,
      );
  }
  const setups = names.length ? SETUPS.filter((s) => names.includes(s.name)) : SETUPS;
  return { setups, timeoutMs: timeoutS * 1000 };
}

/** Waits for a promise, printing a line every HEARTBEAT_MS while it runs. */
async function withHeartbeat(what, promise) {
  const start = Date.now();
  const timer = setInterval(() => info(`${what}… (${secs(Date.now() - start)})`), HEARTBEAT_MS);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}

/** Polls the logs until the demo meeting ran to its end; prints each milestone once. */
async function waitForDemo(project, upAt, deadline) {
  const printed = new Set();
  const after = (entry) => secs(entry.time - upAt);
  let lastBeat = Date.now();
  for (;;) {
    checkInterrupted();
    const p = await demoProgress(project);
    const milestones = [
      [
        'first',
        p.first,
        () => `first transcript line after ${after(p.first)}: ${p.first.speaker}: "${p.first.text}"`,
      ],
      [
        'scheduled',
        p.scheduled,
        () =>
          `zoom-api: delayed stop scheduled after ${after(p.scheduled)}, due in ${secs(p.scheduled.delayMs)}`,
      ],
      ['due', p.due, () => `zoom-api: delayed stop due after ${after(p.due)} (${p.due.lateMs} ms late)`],
      ['accepted', p.accepted, () => `zoom-api: RTMS stop accepted by Zoom after ${after(p.accepted)}`],
      [
        'ended',
        p.ended,
        () => `transcript-sink: transcript ended after ${after(p.ended)}, ${p.lines} transcript lines`,
      ],
    ];
    // Each once, in the order they happened (one poll may see several).
    for (const [key, , text] of milestones
      .filter(([key, entry]) => entry && !printed.has(key))
      .sort(([, a], [, b]) => a.time - b.time)) {
      printed.add(key);
      info(text());
    }
    if (p.done) return { ok: true, progress: p };
    if (Date.now() > deadline) return { ok: false, progress: p };
    if (Date.now() - lastBeat > HEARTBEAT_MS) {
      lastBeat = Date.now();
      const stop = p.accepted ? 'done' : 'not yet';
      info(`waiting (${secs(Date.now() - upAt)}): ${p.lines} transcript lines, delayed stop ${stop}`);
    }
    await sleep(POLL_MS);
  }
}

/** Polls until every stream has `want` replicas, all current (replicas catch up after start). */
async function waitForReplicas(project, setup, deadline) {
  for (;;) {
    checkInterrupted();
    const seen = await streamReplicas(project, setup.nats);
    const problems = replicaProblems(seen, setup.replicas);
    if (problems.length === 0 || Date.now() > deadline) return { seen, problems };
    await sleep(POLL_MS);
  }
}

/** Polls until every container runs and is healthy; restarts are reported as they are. */
async function waitForHealthy(project, deadline) {
  for (;;) {
    checkInterrupted();
    const containers = await project.containers();
    const problems = [];
    for (const c of containers) {
      if (c.restarts > 0)
        problems.push(`${c.name} restarted ${c.restarts} time(s) (last exit code ${c.exitCode})`);
      if (c.state !== 'running') problems.push(`${c.name} is ${c.state} (exit code ${c.exitCode})`);
      else if (c.health && c.health !== 'healthy') problems.push(`${c.name} is ${c.health}`);
    }
    const unhealthyOnly = problems.every((p) => / is (starting|unhealthy)$/.test(p));
    if (problems.length === 0 || !unhealthyOnly || Date.now() > deadline) return { containers, problems };
    await sleep(POLL_MS);
  }
}

async function showDiagnostics(project) {
  const ps = await project.run(['ps', '-a']);
  info('docker compose ps -a:');
  for (const line of ps.stdout.trim().split('\n')) info(`  ${line}`);
  const logs = await project.run(['logs', '--no-color', '--tail', '15']);
  info('last log lines of each service:');
  for (const line of logs.stdout.trim().split('\n')) info(`  ${line}`);
}

async function checkSetup(setup, timeoutMs) {
  const [natsPort, gatewayPort, sinkPort, simPort, recorderPort] = await freePorts(5);
  const project = new ComposeProject(`rtms-check-${setup.name}-${process.pid}`, setup.files, {
    ...process.env,
    ...SIMULATOR_ENV,
    // Fresh NATS passwords for this run's users (compose reads them like .env's).
    ...generatedPasswords(),
    NATS_PORT: String(natsPort),
    WEBHOOK_GATEWAY_PORT: String(gatewayPort),
    TRANSCRIPT_SINK_PORT: String(sinkPort),
    SIM_PORT: String(simPort),
    MEDIA_RECORDER_PORT: String(recorderPort),
  });
  current = project;
  step(`${setup.name}: ${setup.files.join(' + ')} (project ${project.name})`);
  info(
    `host ports: nats ${natsPort}, webhook-gateway ${gatewayPort}, transcript-sink ${sinkPort}, zoom-sim ${simPort}, media-recorder ${recorderPort}`,
  );
  const problems = [];
  const started = Date.now();
  try {
    info(project.describe(['up', '-d', '--build']));
    const up = await withHeartbeat(
      'building and starting',
      project.run(['up', '-d', '--build'], { timeoutMs: UP_TIMEOUT_MS }),
    );
    checkInterrupted();
    if (up.code !== 0) {
      const why = up.timedOut ? `timed out after ${secs(UP_TIMEOUT_MS)}` : `exit code ${up.code}`;
      problems.push(`docker compose up failed (${why})`);
      for (const line of `${up.stdout}${up.stderr}`.trim().split('\n').slice(-30)) info(`  ${line}`);
      return problems;
    }
    const upAt = Date.now();
    info(
      `built and started in ${secs(upAt - started)}; waiting up to ${secs(timeoutMs)} for the demo meeting`,
    );
    const deadline = upAt + timeoutMs;

    const demo = await waitForDemo(project, upAt, deadline);
    if (!demo.ok) {
      const p = demo.progress;
      if (p.lines === 0) problems.push('no transcript line in the transcript-sink log');
      if (!p.accepted) problems.push('zoom-api logged no delayed stop accepted by Zoom');
      if (!p.ended) problems.push('the transcript-sink logged no "transcript ended"');
    }

    const replicas = await waitForReplicas(project, setup, Math.max(deadline, Date.now() + 30_000));
    const names = [...replicas.seen.streams.keys()].sort();
    info(`JetStream: ${names.length} streams (${names.join(', ')})`);
    if (replicas.problems.length === 0) {
      const leaders = new Map();
      for (const { leader } of replicas.seen.streams.values())
        leaders.set(leader, (leaders.get(leader) ?? 0) + 1);
      const spread = [...leaders].map(([node, n]) => `${node} ${n}`).join(', ');
      info(
        `every stream: num_replicas ${setup.replicas}, ${setup.replicas} peer(s), all current (leaders: ${spread})`,
      );
    }
    problems.push(...replicas.problems);

    const health = await waitForHealthy(project, Math.max(deadline, Date.now() + 60_000));
    if (health.problems.length === 0)
      info(`all ${health.containers.length} containers running and healthy, none restarted`);
    problems.push(...health.problems);

    // Every service ran as its own NATS user (config/nats-users.conf): none may have been refused a subject.
    const all = await project.run(['logs', '--no-color']);
    const refused = all.stdout.split('\n').filter((l) => l.includes('NATS permission violation'));
    if (refused.length === 0) info('NATS users: no permission violation in any service log');
    else problems.push(`${refused.length} NATS permission violation(s), first: ${refused[0]}`);
    return problems;
  } catch (err) {
    if (err instanceof Interrupted) return [`interrupted (${err.message})`];
    problems.push(String(err?.stack ?? err));
    return problems;
  } finally {
    if (problems.length > 0 && !interrupted) await showDiagnostics(project);
    info(`taking the stack down: ${project.describe(['down', '-v'])}`);
    const down = await project.down();
    if (down.code !== 0) warn(`down failed (exit ${down.code}): ${down.stderr.trim()}`);
    current = undefined;
  }
}

async function main() {
  const { setups, timeoutMs } = parseArgs(process.argv.slice(2));
  const unavailable = dockerUnavailable();
  if (unavailable) {
    step(`Docker Compose check skipped: ${unavailable}`);
    info('Start a Docker engine (docker info must answer), then run npm run compose:check again.');
    return 0;
  }
  const version = composeVersion();
  if (!version)
    throw new SetupError('docker compose (Compose v2) is not installed; install the compose plugin');
  step(`Docker Compose check: ${setups.map((s) => s.name).join(', ')} (Compose ${version})`);
  if (existsSync(path.join(root, '.env')))
    warn('.env exists: its settings reach the containers (env_file); the check forces the simulator only');
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, onSignal);

  const results = [];
  for (const setup of setups) {
    if (interrupted) break;
    const started = Date.now();
    const problems = await checkSetup(setup, timeoutMs);
    results.push({ setup, problems, ms: Date.now() - started });
  }
  step('Result');
  for (const { setup, problems, ms } of results) {
    if (problems.length === 0) info(`PASS ${setup.name} (${secs(ms)})`);
    else {
      fail(`FAIL ${setup.name} (${secs(ms)})`);
      for (const problem of problems) fail(`  ${problem}`);
    }
  }
  if (interrupted) return 130;
  return results.every((r) => r.problems.length === 0) && results.length === setups.length ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  process.exitCode = 1;
}
