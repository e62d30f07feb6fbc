import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { SetupError } from './log.mjs';
import { dataDir } from './paths.mjs';

export function portInUse(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Spawns nats-server with `args` in its own process group (so Ctrl-C reaches only `npm start`, which stops it in
 * order) and resolves with its start-up log once it says "Server is ready". `onSpawn(child)` runs at once, so a
 * caller can take charge of the process before it is ready. stderr is drained for the process's whole life.
 */
export async function spawnNatsServer(binary, args, { label = 'nats-server', onSpawn } = {}) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  onSpawn?.(child);
  const log = await new Promise((resolve, reject) => {
    let log = '';
    let ready = false;
    const timer = setTimeout(
      () => reject(new SetupError(`${label} did not become ready in 15 s:\n${log}`)),
      15_000,
    );
    const onData = (chunk) => {
      if (ready) return;
      log += chunk;
      if (/Server is ready/.test(log)) {
        ready = true;
        clearTimeout(timer);
        resolve(log);
      }
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new SetupError(`${label} could not be started: ${err.message}`, { cause: err }));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new SetupError(`${label} exited with code ${code}:\n${log}`));
    });
  });
  return { child, log };
}

/**
 * Starts nats-server with JetStream, file storage under .data/nats, on 127.0.0.1:<port>; `configFile` (the
 * users, local-nats-auth.mjs) is passed with -c.
 */
export async function startLocalNats(binary, port, { configFile } = {}) {
  if (await portInUse(port)) {
    throw new SetupError(
      `port ${port} is already in use. If a NATS server with JetStream runs there, use it: NATS_URL=nats://127.0.0.1:${port} npm start; otherwise free the port or set NATS_PORT.`,
    );
  }
  const storeDir = path.join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, '-n', 'rtms-local'];
  if (configFile) args.push('-c', configFile);
  const { child } = await spawnNatsServer(binary, args);
  return { child, url: `nats://127.0.0.1:${port}`, storeDir };
}
