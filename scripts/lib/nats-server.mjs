import { existsSync } from 'node:fs';
import { aptInstall, canAptInstall } from './apt.mjs';
import { SetupError } from './log.mjs';
import { capture } from './run.mjs';

const INSTALL_HINT =
  'Install it, then run the command again:\n' +
  '  Debian/Ubuntu:  sudo apt-get install -y nats-server\n' +
  '  macOS:          brew install nats-server\n' +
  '  any platform:   https://docs.nats.io/running-a-nats-service/introduction/installation\n' +
  'or point NATS_SERVER_BIN at a nats-server binary, or NATS_URL at a running server started with -js.';

const findOnPath = () => capture('sh', ['-c', 'command -v nats-server']);

/** Finds nats-server (NATS_SERVER_BIN, then PATH); installs the Debian package when running as root. */
export async function ensureNatsServer() {
  const fromEnv = process.env.NATS_SERVER_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new SetupError(`NATS_SERVER_BIN=${fromEnv} does not exist.\n${INSTALL_HINT}`);
    return fromEnv;
  }
  const found = findOnPath();
  if (found) return found;
  if (canAptInstall()) {
    const installed = await aptInstall('nats-server', findOnPath);
    if (installed) return installed;
    throw new SetupError(`apt-get install nats-server failed.\n${INSTALL_HINT}`);
  }
  throw new SetupError(
    `nats-server was not found on PATH and cannot be installed automatically here.\n${INSTALL_HINT}`,
  );
}
