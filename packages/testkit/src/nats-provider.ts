import { existsSync } from 'node:fs';
import { findNatsServerBinary, startNatsServer } from './nats-server-process.js';

type NatsMode = 'url' | 'container' | 'binary';

export interface ProvidedNats {
  mode: NatsMode;
  url: string;
  /** Stops what this provider started (nothing in URL mode). */
  dispose(): Promise<void>;
}

const NATS_IMAGE = process.env.RTMS_TEST_NATS_IMAGE ?? 'nats:2.10-alpine';
const announced = new Set<string>();

/** Prints once per process how tests get NATS, so a path that could not run is visible, not silently skipped. */
function announce(text: string): void {
  if (announced.has(text)) return;
  announced.add(text);
  process.stderr.write(`[testkit] ${text}\n`);
}

/** Why the container path cannot run here, or undefined when a Docker engine may answer. */
function dockerUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DOCKER_HOST) return undefined;
  const sockets = ['/var/run/docker.sock', `${env.HOME ?? ''}/.docker/run/docker.sock`];
  if (sockets.some((s) => existsSync(s))) return undefined;
  return 'no Docker engine (DOCKER_HOST unset, no docker.sock)';
}

async function startContainer(): Promise<ProvidedNats> {
  const { NatsContainer } = await import('@testcontainers/nats');
  const container = await new NatsContainer(NATS_IMAGE).withJetStream().start();
  const url = `nats://${container.getHost()}:${container.getMappedPort(4222)}`;
  return { mode: 'container', url, dispose: async () => void (await container.stop()) };
}

/**
 * NATS for tests, in this order: `NATS_URL` if set; else a testcontainers NATS with JetStream when a Docker
 * engine answers; else a `nats-server` child process on a random port with a temporary store.
 */
export async function provideNats(env: NodeJS.ProcessEnv = process.env): Promise<ProvidedNats> {
  if (env.NATS_URL) {
    announce(`NATS: using NATS_URL=${env.NATS_URL}`);
    return { mode: 'url', url: env.NATS_URL, dispose: async () => undefined };
  }
  const reason = dockerUnavailableReason(env);
  if (reason === undefined) {
    try {
      const provided = await startContainer();
      announce(`NATS: testcontainers ${NATS_IMAGE} at ${provided.url}`);
      return provided;
    } catch (err) {
      announce(
        `NATS: container path failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); falling back to nats-server binary`,
      );
    }
  } else {
    announce(`NATS: container path not used: ${reason}; using the nats-server binary`);
  }
  return provideBinary(env);
}

/** Always an own nats-server process (tests that stop and restart the server need one). */
export async function provideBinary(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProvidedNats & { server: Awaited<ReturnType<typeof startNatsServer>> }> {
  const binary = findNatsServerBinary(env);
  const server = await startNatsServer(binary ? { binary } : {});
  return { mode: 'binary', url: server.url, server, dispose: () => server.dispose() };
}
