// `npm run sim`: set up, build the simulator and what it depends on, then run it in the foreground.
// Config comes from the environment (and .env): ZOOM_CLIENT_ID/SECRET, ZOOM_ACCOUNT_ID,
// ZOOM_WEBHOOK_SECRET_TOKEN, SIM_* (see docs/zoom-simulator.md). Ctrl-C stops it.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadDotEnv } from './lib/env-file.mjs';
import { fail, SetupError, step } from './lib/log.mjs';
import { root } from './lib/paths.mjs';
import { pnpm } from './lib/pnpm.mjs';
import { setup } from './lib/setup.mjs';

async function main() {
  loadDotEnv();
  await setup({ needNatsServer: false });
  step('Building the Zoom simulator (turbo build --filter=@rtms/zoom-sim...)');
  const built = await pnpm([
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=@rtms/zoom-sim...',
    '--output-logs=errors-only',
  ]);
  if (built !== 0) throw new SetupError('build failed; see the errors above');
  step('Starting the Zoom simulator');
  const entry = path.join(root, 'packages', 'zoom-sim', 'dist', 'cli', 'main.js');
  const child = spawn(process.execPath, [entry, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: process.env,
  });
  // Forward signals once; the simulator closes its sockets and exits by itself.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      resolve(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)),
    );
  });
}

try {
  process.exitCode = await main();
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  process.exitCode = 1;
}
