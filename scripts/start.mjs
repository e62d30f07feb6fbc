// `npm start`: set up what is missing, build, then run the whole system in the foreground: NATS with
// JetStream, every service, and the Zoom simulator as Zoom when no Zoom credentials are configured.
// Ctrl-C stops everything in order (simulator, services, then NATS). `--exit-when-ready` is a smoke run;
// `--check` is the dry run: it starts everything, waits for every service's self-checks (/readyz), prints one
// line per service and exits 0 when all passed, 1 otherwise.
// NATS_CLUSTER=3 (or 5) runs a local JetStream cluster of that many nats-servers instead of one.
// First: stop with a clear message on a Node older than package.json's engines.
import './lib/require-node.mjs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadDotEnv } from './lib/env-file.mjs';
import { credentialsLine, localEnv, Ports, simulatorCredentials, simulatorMode } from './lib/local-env.mjs';
import { startLocalNats } from './lib/local-nats.mjs';
import { externalNatsEnv, localNatsAuth } from './lib/local-nats-auth.mjs';
import {
  CLUSTER_NAME,
  clusterPort,
  clusterSize,
  clusterStoreDir,
  nodeNames,
  startLocalNatsCluster,
} from './lib/local-nats-cluster.mjs';
import { localSecret } from './lib/local-secrets.mjs';
import { fail, info, SetupError, step, warn } from './lib/log.mjs';
import { dataDir } from './lib/paths.mjs';
import { pnpm } from './lib/pnpm.mjs';
import { discoverServices, discoverSimulator, servicePort } from './lib/runnables.mjs';
import { selfCheck } from './lib/self-check.mjs';
import { setup } from './lib/setup.mjs';
import { Supervisor } from './lib/supervisor.mjs';

const exitWhenReady = process.argv.includes('--exit-when-ready');
const checkOnly = process.argv.includes('--check');
const supervisor = new Supervisor();
let exitCode = 0;
let shuttingDown;
// Supervisor names of the nats-servers we run, stopped last.
let natsNames = ['nats'];

async function waitHealthy(name, port, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (supervisor.stopping) return false;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new SetupError(
    `${name} did not answer GET http://127.0.0.1:${port}/healthz within ${timeoutMs / 1000} s`,
  );
}

function shutdown(reason, code = 0) {
  exitCode ||= code;
  shuttingDown ??= (async () => {
    step(`Stopping (${reason})`);
    const names = supervisor.names();
    await supervisor.stop([
      names.filter((n) => n === 'zoom-sim'),
      names.filter((n) => n !== 'zoom-sim' && !natsNames.includes(n)),
      natsNames,
    ]);
    info('all processes stopped');
    process.exit(exitCode);
  })();
  return shuttingDown;
}

/** Starts a local cluster of `size` nats-servers; every node is adopted by the supervisor as it is spawned. */
async function startCluster(natsServerBin, size, configFile) {
  const store = path.relative(process.cwd(), clusterStoreDir(size)) || '.';
  step(`Starting a ${size}-node NATS cluster with JetStream (store: ${store}/n1…n${size})`);
  natsNames = nodeNames(size);
  const cluster = await startLocalNatsCluster(natsServerBin, {
    size,
    clientPort: Ports.nats(process.env),
    routePort: clusterPort(process.env),
    onSpawn: (name, child) => supervisor.adopt(name, child, { quiet: true }),
    configFile,
  });
  info(`JetStream cluster ${CLUSTER_NAME} ready (meta leader ${cluster.leader ?? 'unknown'})`);
  return cluster;
}

/** The dry run: every service's self-checks, one line each, then stop with 0 (all passed) or 1. */
async function runSelfCheck(services, servicePorts) {
  step('Self-check (--check): waiting for every service to report ready');
  const { ok, rows } = await selfCheck(services.map((s) => ({ name: s.name, port: servicePorts[s.name] })));
  for (const r of rows) (r.ok ? info : fail)(`${r.name.padEnd(15)} ${r.ok ? 'ok' : 'FAILED'}  ${r.detail}`);
  if (ok) step('Self-check passed');
  else fail('Self-check failed: fix what the lines above name (docs/troubleshooting.md), then run again');
  return shutdown(ok ? 'self-check passed' : 'self-check failed', ok ? 0 : 1);
}

async function main() {
  loadDotEnv();
  // NATS_CLUSTER and NATS_CLUSTER_PORT are checked before setup and build, so a typo fails at once.
  let size = clusterSize(process.env);
  if (size > 1 && process.env.NATS_URL) {
    warn(`NATS_CLUSTER=${size} is ignored: NATS_URL is set, so the NATS at ${process.env.NATS_URL} is used`);
    size = 1;
  }
  if (size > 1) clusterPort(process.env);
  const { natsServerBin } = await setup();
  step('Building the workspace (turbo build)');
  if ((await pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'])) !== 0) {
    throw new SetupError('build failed; see the errors above');
  }

  process.on('SIGINT', () => shutdown('Ctrl-C', 130));
  process.on('SIGTERM', () => shutdown('SIGTERM', 143));
  process.on('exit', () => supervisor.killAll());
  supervisor.onUnexpectedExit = (name, code, signal) => {
    fail(`${name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything`);
    void shutdown(`${name} exited`, 1);
  };

  let natsUrl = process.env.NATS_URL;
  let cluster;
  // Our own NATS runs with one user per service (least privilege); a NATS_URL server has its own users.
  const auth = natsUrl ? undefined : await localNatsAuth();
  const natsEnv = (name) => (auth ? auth.serviceEnv(name) : externalNatsEnv(process.env, name));
  if (natsUrl) {
    step(`Using NATS at ${natsUrl}`);
  } else if (size > 1) {
    cluster = await startCluster(natsServerBin, size, auth.configFile);
    natsUrl = cluster.url;
  } else {
    step(
      `Starting NATS with JetStream (store: ${path.relative(process.cwd(), path.join(dataDir, 'nats')) || '.'})`,
    );
    const nats = await startLocalNats(natsServerBin, Ports.nats(process.env), {
      configFile: auth.configFile,
    });
    supervisor.adopt('nats', nats.child, { quiet: true });
    natsUrl = nats.url;
    info(`NATS listening on ${natsUrl} (pid ${nats.child.pid})`);
  }

  const services = discoverServices();
  const simulator = simulatorMode(process.env) ? discoverSimulator() : undefined;
  const servicePorts = Object.fromEntries(services.map((s) => [s.name, servicePort(process.env, s)]));
  const env = localEnv(process.env, { natsUrl, simulator: simulatorMode(process.env), servicePorts });
  // The live page needs its access token; the user's when set, else one generated for local runs.
  env.TRANSCRIPT_PAGE_TOKEN = process.env.TRANSCRIPT_PAGE_TOKEN || localSecret('transcript-page-token');
  // Finished recordings are also written here (besides the rtms-recordings object store).
  env.RECORDING_DIR = process.env.RECORDING_DIR || path.join(dataDir, 'recordings');
  // GET /recordings on the recorder is behind the live page's token, so the page's recording links (which
  // carry the page's token) open; the page links to the recorder's local URL.
  env.RECORDINGS_TOKEN = process.env.RECORDINGS_TOKEN || env.TRANSCRIPT_PAGE_TOKEN;
  if (servicePorts['media-recorder'])
    env.RECORDINGS_URL = process.env.RECORDINGS_URL || `http://127.0.0.1:${servicePorts['media-recorder']}`;
  // Every stream and KV bucket gets one replica per node, unless NATS_REPLICAS says otherwise.
  if (cluster && !process.env.NATS_REPLICAS) env.NATS_REPLICAS = String(size);
  if (simulatorMode(process.env)) {
    info(
      simulator
        ? 'No Zoom app credentials (ZOOM_CLIENT_ID) configured: the Zoom simulator plays Zoom'
        : 'No Zoom credentials and no simulator build found',
    );
    info(credentialsLine(simulatorCredentials(process.env)));
  }
  if (services.length === 0) warn('no services found under services/ yet; running NATS only');

  // From here on a process that fails (or Ctrl-C) begins the shutdown while the rest is still starting: each
  // step checks for it, so nothing more is spawned and "Ready" is never printed after "Stopping".
  if (supervisor.stopping) return shuttingDown;
  for (const service of services) {
    step(`Starting ${service.name} on port ${servicePorts[service.name]}`);
    supervisor.spawn(service.name, process.execPath, [service.entry], {
      cwd: service.cwd,
      env: { ...env, ...natsEnv(service.name), PORT: String(servicePorts[service.name]) },
    });
  }
  for (const service of services)
    if (!(await waitHealthy(service.name, servicePorts[service.name]))) return shuttingDown;
  if (simulator) {
    if (supervisor.stopping) return shuttingDown;
    step(`Starting the Zoom simulator on port ${env.SIM_PORT}`);
    supervisor.spawn('zoom-sim', process.execPath, [simulator.entry], { cwd: simulator.cwd, env });
    if (!(await waitHealthy('zoom-sim', Number(env.SIM_PORT)))) return shuttingDown;
  }
  if (supervisor.stopping) return shuttingDown;

  step('Ready');
  if (cluster) {
    info(`NATS            cluster ${CLUSTER_NAME}, ${size} nodes, NATS_REPLICAS=${env.NATS_REPLICAS}`);
    for (const n of cluster.nodes) {
      info(`${n.name.padEnd(15)} ${n.url}  (monitoring http://127.0.0.1:${n.monitorPort}/jsz)`);
    }
  } else {
    info(`NATS            ${natsUrl}`);
  }
  if (auth) {
    const secrets = path.relative(process.cwd(), path.dirname(auth.configFile)) || '.';
    info(
      `NATS users      one per service (docs/operations.md); admin: ${auth.admin.user}, password in ${secrets}/secrets/nats-${auth.admin.user}`,
    );
  }
  for (const s of services) info(`${s.name.padEnd(15)} http://127.0.0.1:${servicePorts[s.name]}/healthz`);
  if (simulator) info(`zoom-sim        http://127.0.0.1:${env.SIM_PORT}`);
  if (servicePorts['media-recorder'])
    info(
      `recordings      ${path.relative(process.cwd(), env.RECORDING_DIR) || '.'}/<rtms_stream_id>/audio.wav when a stream stops (and NATS object store rtms-recordings)`,
    );
  if (servicePorts['media-recorder'])
    info(
      `recording list  ${env.RECORDINGS_URL}/recordings (with the live page's token; linked from the page)`,
    );
  if (servicePorts['transcript-sink'])
    info(
      `live transcript http://127.0.0.1:${servicePorts['transcript-sink']}/?token=${encodeURIComponent(env.TRANSCRIPT_PAGE_TOKEN)}`,
    );
  if (checkOnly) return runSelfCheck(services, servicePorts);
  if (exitWhenReady) return shutdown('--exit-when-ready');
  info('Press Ctrl-C to stop.');
}

try {
  await main();
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  await shutdown('start-up failed', 1);
}
