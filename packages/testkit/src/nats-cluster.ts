import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  findNatsServerBinary,
  NatsServerBinaryMissingError,
  type NatsServerProcess,
  startNatsServer,
} from './nats-server-process.js';
import { freePort } from './ports.js';
import { waitFor } from './wait-for.js';

interface NatsClusterNode extends NatsServerProcess {
  /** Server name (`-n`): what stream and consumer cluster info report as leader and replicas. */
  readonly name: string;
  readonly clusterPort: number;
}

export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL. */
  readonly urls: readonly string[];
  /** The client URLs comma-separated: what a service takes as NATS_URL. */
  readonly url: string;
  node(name: string): NatsClusterNode;
  /** Waits until JetStream answers through every running node (the meta group has a leader). */
  waitReady(timeoutMs?: number): Promise<void>;
  /**
   * Cuts a node off the cluster: restarts it with its cluster listener on another port and no routes, so
   * neither side can reach the other (a network partition of that node; its store is kept).
   */
  isolate(name: string): Promise<void>;
  /** Restarts an isolated (or stopped) node with its cluster listener and routes again. */
  heal(name: string): Promise<void>;
  /** Stops every node and deletes their stores. */
  dispose(): Promise<void>;
}

const CLUSTER_NAME = 'rtms-test';

/**
 * A real nats-server cluster of `size` processes on 127.0.0.1 (routes between all of them, JetStream with a
 * temporary store on each), for tests that kill, restart and partition single nodes. Ports are fixed per node
 * so that a restarted node comes back where its peers and clients look for it.
 */
export async function startNatsCluster(
  options: { size?: number; binary?: string } = {},
): Promise<NatsCluster> {
  const size = options.size ?? 3;
  const binary = options.binary ?? findNatsServerBinary();
  if (!binary) throw new NatsServerBinaryMissingError();
  // A port found free a moment ago can be taken before a node listens on it: start again on other ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchCluster(size, binary);
    } catch (err) {
      if (attempt >= 3 || !/address already in use/.test(String(err))) throw err;
    }
  }
}

/** `count` distinct ports that were free a moment ago. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function launchCluster(size: number, binary: string): Promise<NatsCluster> {
  const free = await distinctFreePorts(size * 2);
  const ports = Array.from({ length: size }, (_, i) => ({
    client: free[2 * i] as number,
    cluster: free[2 * i + 1] as number,
  }));
  const routes = ports.map((p) => `nats://127.0.0.1:${p.cluster}`).join(',');
  // JetStream in cluster mode refuses to start without routes: an isolated node gets a route to a port where
  // nothing listens.
  const clusterArgs = (name: string, clusterPort: number, nodeRoutes: string) => [
    '-n',
    name,
    '--cluster_name',
    CLUSTER_NAME,
    '--cluster',
    `nats://127.0.0.1:${clusterPort}`,
    '--routes',
    nodeRoutes,
  ];

  const nodes: NatsClusterNode[] = [];
  try {
    const started = await Promise.all(
      ports.map(async (p, i) => {
        const name = `n${i + 1}`;
        const server = await startNatsServer({
          binary,
          port: p.client,
          extraArgs: clusterArgs(name, p.cluster, routes),
        });
        return Object.assign(server, { name, clusterPort: p.cluster }) as NatsClusterNode;
      }),
    );
    nodes.push(...started);
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n.dispose()));
    throw err;
  }

  const urls = nodes.map((n) => n.url);
  const node = (name: string) => {
    const found = nodes.find((n) => n.name === name);
    if (!found)
      throw new Error(`no cluster node named ${name} (have ${nodes.map((n) => n.name).join(', ')})`);
    return found;
  };
  const cluster: NatsCluster = {
    nodes,
    urls,
    url: urls.join(','),
    node,
    waitReady: (timeoutMs = 30_000) => waitJetStream(nodes, timeoutMs),
    async isolate(name) {
      const n = node(name);
      await n.stop();
      await n.start(clusterArgs(n.name, await freePort(), `nats://127.0.0.1:${await freePort()}`));
    },
    async heal(name) {
      const n = node(name);
      await n.stop();
      await n.start(clusterArgs(n.name, n.clusterPort, routes));
    },
    async dispose() {
      await Promise.allSettled(nodes.map((n) => n.dispose()));
    },
  };
  await cluster.waitReady();
  return cluster;
}

/** JetStream answers an account-info request through each running node (only possible with a meta leader). */
async function waitJetStream(nodes: readonly NatsServerProcess[], timeoutMs: number): Promise<void> {
  const running = nodes.filter((n) => n.running);
  await Promise.all(
    running.map((n) =>
      waitFor(
        async () => {
          const nc = await connect({ servers: n.url, reconnect: false, timeout: 2000 });
          try {
            const jsm = await jetstreamManager(nc, { timeout: 2000 });
            await jsm.getAccountInfo();
            return true;
          } finally {
            await nc.close();
          }
        },
        { timeoutMs, intervalMs: 250, what: `JetStream ready through ${n.url}` },
      ),
    ),
  );
}
