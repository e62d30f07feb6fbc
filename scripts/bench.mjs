// `npm run bench [name…]`: set up and build, then run each bench/<name>.bench.mjs (all by default).
// Each benchmark measures a baseline in the same run and prints the ratio; nothing here asserts speed.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fail, info, SetupError, step } from './lib/log.mjs';
import { root } from './lib/paths.mjs';
import { pnpm } from './lib/pnpm.mjs';
import { run } from './lib/run.mjs';
import { setup } from './lib/setup.mjs';

async function main() {
  await setup();
  step('Building the workspace (turbo build)');
  if ((await pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'])) !== 0) return 1;
  const dir = path.join(root, 'bench');
  const wanted = process.argv.slice(2);
  const benches = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.mjs'))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  if (benches.length === 0) {
    info(`no benchmarks matched ${wanted.join(' ') || '(all)'} in bench/`);
    return wanted.length === 0 ? 0 : 1;
  }
  let failed = 0;
  for (const file of benches) {
    step(`bench/${file}`);
    const code = await run(process.execPath, [path.join(dir, file)], { cwd: root });
    if (code !== 0) failed += 1;
  }
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  process.exitCode = 1;
}
