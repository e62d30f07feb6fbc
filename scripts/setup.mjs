// `npm run setup`: install everything the project needs (pinned pnpm, dependencies, nats-server), then build.
import { fail, SetupError, step } from './lib/log.mjs';
import { pnpm } from './lib/pnpm.mjs';
import { setup } from './lib/setup.mjs';

try {
  await setup();
  step('Building the workspace (turbo build)');
  process.exitCode = await pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  process.exitCode = 1;
}
