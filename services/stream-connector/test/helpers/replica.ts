import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ManagedProcess, type NatsContext, startProcess } from '@rtms/testkit';
import { connectorEnv, type Stack } from './harness.js';

// A connector replica as a real process (`node dist/main.js`, built by turbo before integration tests),
// pointed at the stack's simulator and NATS.

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = path.join(packageDir, 'dist', 'main.js');

/** Where the built connector is. */
export const connectorMain = { packageDir, main };

export type Replica = ManagedProcess & { port: number };

export async function spawnReplica(
  stack: Stack,
  nats: NatsContext,
  name: string,
  env: Record<string, string> = {},
): Promise<Replica> {
  const port = await freePort();
  const proc = startProcess({
    name,
    command: process.execPath,
    args: [main],
    cwd: packageDir,
    env: {
      ...connectorEnv(stack.sim),
      NATS_URL: nats.url,
      PORT: String(port),
      RTMS_REPLICA_ID: name,
      LOG_LEVEL: 'info',
      NO_COLOR: '1',
      ...env,
    },
  });
  await proc.waitForLine(/stream-connector ready/);
  return Object.assign(proc, { port });
}

/** Sum of a Prometheus counter's samples on a replica's /metrics (optionally those with `match` labels). */
export async function scrapeMetric(
  replica: Replica,
  name: string,
  match: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${replica.port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{([^}]*)\})? ([0-9.e+-]+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split('=').map((x) => x.replace(/"/g, '')) as [string, string]),
    );
    if (Object.entries(match).every(([k, v]) => labels[k] === v)) sum += Number(m[3]);
  }
  return sum;
}
