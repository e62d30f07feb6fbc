// A local JetStream cluster for `npm start` (NATS_CLUSTER=3 or 5): that many nats-servers on 127.0.0.1, routed
// to each other as cluster "rtms-local", each with its own store. Node i (from 1) listens for clients on
// NATS_PORT + i - 1 and for routes on NATS_CLUSTER_PORT + i - 1; its monitoring port is picked by nats-server
// (`-m -1`) and read from its log, so it needs no setting and never collides.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { portInUse, spawnNatsServer } from './local-nats.mjs';
import { info, SetupError } from './log.mjs';
import { dataDir } from './paths.mjs';

const CLUSTER_SIZES = [3, 5];
export const CLUSTER_NAME = 'rtms-local';
const DEFAULT_CLUSTER_PORT = 6222;
const META_LEADER_TIMEOUT_MS = 30_000;

/** Nodes asked for by NATS_CLUSTER: 1 (unset, empty or 1: one plain nats-server), 3 or 5. */
export function clusterSize(env) {
  const value = env.NATS_CLUSTER?.trim();
  if (!value || value === '1') return 1;
  const size = Number(value);
  if (!CLUSTER_SIZES.includes(size)) {
    throw new SetupError(
      `NATS_CLUSTER=${value} is not supported: set it to ${CLUSTER_SIZES.join(' or ')} for a local JetStream cluster of that many nats-servers, or leave it unset (or 1) for one nats-server.`,
    );
  }
  return size;
}

/** First route port (NATS_CLUSTER_PORT, default 6222); node i uses it + i - 1. */
export function clusterPort(env) {
  const value = env.NATS_CLUSTER_PORT?.trim() || String(DEFAULT_CLUSTER_PORT);
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_530) {
    throw new SetupError(
      `NATS_CLUSTER_PORT=${value} is not a port number (default ${DEFAULT_CLUSTER_PORT}).`,
    );
  }
  return port;
}

/** Supervisor names of the nodes: nats-1, nats-2, … */
export const nodeNames = (size) => Array.from({ length: size }, (_, i) => `nats-${i + 1}`);

/** The store of a cluster of `size` nodes (one per size: a cluster's Raft state names its peers). */
export const clusterStoreDir = (size) => path.join(dataDir, `nats-cluster-${size}`);

function describeNodes(size, clientPort, routePort) {
  return nodeNames(size).map((name, i) => ({
    name,
    serverName: `${CLUSTER_NAME}-${i + 1}`,
    clientPort: clientPort + i,
    routePort: routePort + i,
    storeDir: path.join(clusterStoreDir(size), `n${i + 1}`),
  }));
}

async function checkPorts(nodes) {
  const ports = nodes.flatMap((n) => [
    { port: n.clientPort, what: `${n.name} client port` },
    { port: n.routePort, what: `${n.name} cluster port` },
  ]);
  const range = (key) => `${nodes[0][key]}-${nodes.at(-1)[key]}`;
  const needs = `A local ${nodes.length}-node cluster uses client ports ${range('clientPort')} (from NATS_PORT) and cluster ports ${range('routePort')} (from NATS_CLUSTER_PORT)`;
  if (new Set(ports.map((p) => p.port)).size !== ports.length) {
    throw new SetupError(`${needs}: the two ranges overlap; move one of them.`);
  }
  const busy = [];
  for (const p of ports) if (await portInUse(p.port)) busy.push(`${p.port} (${p.what})`);
  if (busy.length > 0) {
    throw new SetupError(
      `port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} already in use. ${needs}: free them, or move them with NATS_PORT / NATS_CLUSTER_PORT. To use a NATS cluster you run yourself instead: NATS_URL=nats://host1:4222,nats://host2:4222 npm start.`,
    );
  }
}

function nodeArgs(node, nodes, configFile) {
  const routes = nodes.filter((n) => n !== node).map((n) => `nats://127.0.0.1:${n.routePort}`);
  return [
    '-js',
    '-a',
    '127.0.0.1',
    '-p',
    String(node.clientPort),
    '-m',
    '-1',
    '-sd',
    node.storeDir,
    '-n',
    node.serverName,
    '--cluster',
    `nats://127.0.0.1:${node.routePort}`,
    '--cluster_name',
    CLUSTER_NAME,
    '--routes',
    routes.join(','),
    // The client users (local-nats-auth.mjs); routes between the local nodes need none.
    ...(configFile ? ['-c', configFile] : []),
  ];
}

async function healthz(node) {
  try {
    const res = await fetch(`http://127.0.0.1:${node.monitorPort}/healthz`);
    const body = await res.json();
    return res.ok ? undefined : (body.error ?? `HTTP ${res.status}`);
  } catch (err) {
    return String(err?.message ?? err);
  }
}

/** Waits until every node answers /healthz with 200: JetStream has a meta leader and the node is current with it. */
async function waitForMetaLeader(nodes, timeoutMs = META_LEADER_TIMEOUT_MS) {
  info(`waiting for the JetStream cluster to elect a meta leader (up to ${timeoutMs / 1000} s)`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const errors = await Promise.all(nodes.map(healthz));
    if (errors.every((e) => e === undefined)) break;
    if (Date.now() > deadline) {
      const lines = nodes.map((n, i) => `  ${n.name}: ${errors[i] ?? 'ok'}`).join('\n');
      throw new SetupError(
        `the JetStream cluster was not usable within ${timeoutMs / 1000} s (GET /healthz of each node):\n${lines}`,
      );
    }
    await sleep(250);
  }
  const jsz = await fetch(`http://127.0.0.1:${nodes[0].monitorPort}/jsz`).then((r) => r.json());
  return jsz.meta_cluster?.leader;
}

/**
 * Starts a local cluster of `size` nodes and waits until its JetStream is usable. `onSpawn(name, child)` runs
 * as each node is spawned (before it is ready), so the caller can stop it whatever happens next.
 */
export async function startLocalNatsCluster(binary, { size, clientPort, routePort, onSpawn, configFile }) {
  const nodes = describeNodes(size, clientPort, routePort);
  await checkPorts(nodes);
  await Promise.all(
    nodes.map(async (node) => {
      mkdirSync(node.storeDir, { recursive: true });
      const { child, log } = await spawnNatsServer(binary, nodeArgs(node, nodes, configFile), {
        label: `nats-server ${node.name}`,
        onSpawn: (c) => onSpawn?.(node.name, c),
      });
      node.child = child;
      node.url = `nats://127.0.0.1:${node.clientPort}`;
      node.monitorPort = Number(/http monitor on [^\s]*:(\d+)/.exec(log)?.[1]);
      if (!node.monitorPort) throw new SetupError(`${node.name}: no monitoring port in its log:\n${log}`);
    }),
  );
  for (const n of nodes) {
    info(`${n.name} listening on ${n.url}, cluster port ${n.routePort} (pid ${n.child.pid})`);
  }
  const leader = await waitForMetaLeader(nodes);
  return { nodes, url: nodes.map((n) => n.url).join(','), leader };
}
