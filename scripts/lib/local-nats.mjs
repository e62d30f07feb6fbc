import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { SetupError } from './log.mjs';
import { dataDir } from './paths.mjs';

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nats-server with JetStream, file storage under .data/nats, on 127.0.0.1:<port>. */
export async function startLocalNats(binary, port) {
  if (await portInUse(port)) {
    throw new SetupError(
      `port ${port} is already in use. If a NATS server with JetStream runs there, use it: NATS_URL=nats://127.0.0.1:${port} npm start; otherwise free the port or set NATS_PORT.`,
    );
  }
  const storeDir = path.join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, '-n', 'rtms-local'];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  await new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(
      () => reject(new SetupError(`nats-server did not become ready in 15 s:\n${log}`)),
      15_000,
    );
    const onData = (chunk) => {
      log += chunk;
      if (/Server is ready/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new SetupError(`nats-server exited with code ${code}:\n${log}`));
    });
  });
  return { child, url: `nats://127.0.0.1:${port}`, storeDir };
}
