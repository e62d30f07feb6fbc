// `npm run chaos`: set up and build, then run the fault tests (e2e/test/faults: a NATS cluster node killed, a
// partition, the only server killed, a connector and a zoom-api replica killed, all under load) one after
// another and print one table: fault, load, acknowledged, stored, lost, doubled, time to recover.
// `--markdown` also prints the table as Markdown (for docs/operations.md). Exit 1 if a fault test failed.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { faultMarkdown, faultText, readRows } from './lib/fault-table.mjs';
import { fail, info, SetupError, step } from './lib/log.mjs';
import { root } from './lib/paths.mjs';
import { pnpm } from './lib/pnpm.mjs';
import { run } from './lib/run.mjs';
import { setup } from './lib/setup.mjs';

const e2e = path.join(root, 'e2e');
const reports = path.join(e2e, 'reports', 'chaos');

async function main() {
  await setup();
  step('Building the workspace (turbo build)');
  if ((await pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'])) !== 0) return 1;
  rmSync(reports, { recursive: true, force: true });
  step('Fault tests (e2e/test/faults), one at a time: each prints a [chaos] line when it has measured');
  const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
  const code = await run(vitest, ['run', '--project', 'integration', 'test/faults'], { cwd: e2e });
  const rows = readRows(reports);
  step('Fault report');
  if (rows.length === 0) {
    info('no fault rows were written');
    return 1;
  }
  for (const line of faultText(rows).split('\n')) info(line);
  for (const r of rows) if (r.notes) info(`${r.id}: ${r.notes}`);
  if (process.argv.includes('--markdown')) process.stdout.write(`\n${faultMarkdown(rows)}\n`);
  const bad = rows.filter((r) => r.lost > 0 || r.doubled > 0);
  if (bad.length) info(`lost or doubled messages in fault ${bad.map((r) => r.id).join(', ')}`);
  return code === 0 && bad.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  process.exitCode = 1;
}
