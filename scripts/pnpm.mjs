// Runs the pinned pnpm (installed into .tools/ on first use) with the given arguments.
import { fail, SetupError } from './lib/log.mjs';
import { pnpm } from './lib/pnpm.mjs';

try {
  process.exitCode = await pnpm(process.argv.slice(2));
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  process.exitCode = 1;
}
