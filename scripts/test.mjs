// `npm test`: set up what is missing, then lint, typecheck, unit and integration tests of the whole workspace.
// Exit status is the truth; the last line is a summary of tests passed and failed.
// First: stop with a clear message on a Node older than package.json's engines.
import './lib/require-node.mjs';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fail, info, SetupError, step } from './lib/log.mjs';
import { root } from './lib/paths.mjs';
import { pnpm } from './lib/pnpm.mjs';
import { setup } from './lib/setup.mjs';
import { readReports, workspaceDirs } from './lib/test-reports.mjs';

const turboFlags = ['--output-logs=new-only', '--continue'];

async function main() {
  await setup({ needChromium: true });
  clearIntegrationReports();
  const failures = [];

  step('Lint (Biome, knip), typecheck and unit tests (turbo run lint typecheck test)');
  const checks = await pnpm([
    'exec',
    'turbo',
    'run',
    'lint',
    'lint:root',
    'lint:knip',
    'typecheck',
    'test',
    ...turboFlags,
  ]);
  if (checks !== 0) failures.push('lint/typecheck/unit');

  // Two packages at once (each vitest runs its files one after another on a 2-core machine): every package
  // starts its own nats-server and processes on free ports, and no test asserts wall-clock speed, so they do
  // not meet; the suite takes about two thirds of the time of one at a time.
  step('Integration tests against a real NATS server (turbo run test:integration)');
  const integration = await pnpm([
    'exec',
    'turbo',
    'run',
    'test:integration',
    '--concurrency=2',
    ...turboFlags,
  ]);
  if (integration !== 0) failures.push('integration');

  const totals = readReports(root);
  step('Summary');
  for (const row of totals.rows) info(row);
  if (failures.length > 0) info(`failed phases: ${failures.join(', ')}`);
  const ok = failures.length === 0 && totals.failed === 0 && totals.passed > 0;
  process.stdout.write(
    `Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
  );
  return ok ? 0 : 1;
}

function clearIntegrationReports() {
  for (const dir of workspaceDirs(root))
    rmSync(path.join(root, dir, 'reports', 'integration.json'), { force: true });
}

try {
  process.exitCode = await main();
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  process.exitCode = 1;
}
