import { existsSync } from 'node:fs';
import { info, SetupError, step, warn } from './log.mjs';
import { capture, run } from './run.mjs';

const INSTALL_HINT =
  'Install it, then run the command again:\n' +
  '  Debian/Ubuntu:  sudo apt-get install -y nats-server\n' +
  '  macOS:          brew install nats-server\n' +
  '  any platform:   https://docs.nats.io/running-a-nats-service/introduction/installation\n' +
  'or point NATS_SERVER_BIN at a nats-server binary, or NATS_URL at a running server started with -js.';

/** Finds nats-server (NATS_SERVER_BIN, then PATH); installs the Debian package when running as root. */
export async function ensureNatsServer() {
  const fromEnv = process.env.NATS_SERVER_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new SetupError(`NATS_SERVER_BIN=${fromEnv} does not exist.\n${INSTALL_HINT}`);
    return fromEnv;
  }
  const found = capture('sh', ['-c', 'command -v nats-server']);
  if (found) return found;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = Boolean(capture('sh', ['-c', 'command -v apt-get']));
  if (isRoot && hasApt) {
    step('Installing nats-server (Debian package) with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const updated = await run('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (updated !== 0) warn(`apt-get update exited ${updated}; trying the install anyway`);
    const code = await run('apt-get', ['install', '-y', '-qq', 'nats-server'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const installed = capture('sh', ['-c', 'command -v nats-server']);
    if (code === 0 && installed) {
      info(`nats-server installed: ${capture(installed, ['--version']) ?? installed}`);
      return installed;
    }
    throw new SetupError(`apt-get install nats-server failed (exit ${code}).\n${INSTALL_HINT}`);
  }
  throw new SetupError(
    `nats-server was not found on PATH and cannot be installed automatically here.\n${INSTALL_HINT}`,
  );
}
