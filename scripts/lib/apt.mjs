import { info, step, warn } from './log.mjs';
import { capture, run } from './run.mjs';

/** True when this process may install Debian packages itself (root, with apt-get). */
export function canAptInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && Boolean(capture('sh', ['-c', 'command -v apt-get']));
}

/**
 * `apt-get update` then `apt-get install -y <pkg>`, quietly; returns the path `find()` reports afterwards,
 * or undefined when the install did not produce it.
 */
export async function aptInstall(pkg, find) {
  step(`Installing ${pkg} (Debian package) with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { env, stdio: ['ignore', 'ignore', 'inherit'] };
  const updated = await run('apt-get', ['update', '-qq'], quiet);
  if (updated !== 0) warn(`apt-get update exited ${updated}; trying the install anyway`);
  const code = await run('apt-get', ['install', '-y', '-qq', pkg], quiet);
  const installed = find();
  if (code === 0 && installed) {
    info(`${pkg} installed: ${capture(installed, ['--version'])?.split('\n')[0] ?? installed}`);
    return installed;
  }
  return undefined;
}
