import { existsSync } from 'node:fs';
import { aptInstall, canAptInstall } from './apt.mjs';
import { SetupError } from './log.mjs';
import { capture } from './run.mjs';

// The browser tests drive Debian's Chromium through playwright-core (`executablePath`); nothing downloads a
// browser build of its own.
const DEFAULT_BIN = '/usr/bin/chromium';

const INSTALL_HINT =
  'The live transcript page is tested in a real headless Chromium. Install it, then run the command again:\n' +
  '  Debian/Ubuntu:  sudo apt-get install -y chromium\n' +
  '  macOS:          brew install --cask chromium\n' +
  'or point CHROMIUM_BIN at a Chromium or Chrome binary.';

/** Finds Chromium (CHROMIUM_BIN, then /usr/bin/chromium, then PATH); installs the Debian package as root. */
export async function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new SetupError(`CHROMIUM_BIN=${fromEnv} does not exist.\n${INSTALL_HINT}`);
    return fromEnv;
  }
  const found = findChromium();
  if (found) return found;

  if (canAptInstall()) {
    const installed = await aptInstall('chromium', findChromium);
    if (installed) return installed;
    throw new SetupError(`apt-get install chromium failed.\n${INSTALL_HINT}`);
  }
  throw new SetupError(`Chromium was not found and cannot be installed automatically here.\n${INSTALL_HINT}`);
}

function findChromium() {
  if (existsSync(DEFAULT_BIN)) return DEFAULT_BIN;
  return capture('sh', ['-c', 'command -v chromium || command -v chromium-browser']);
}
