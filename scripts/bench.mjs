// `npm run bench [name…]`: set up and build, then run each bench/<name>.bench.mjs (all by default), showing
// which one runs. Each benchmark measures a baseline in the same run and saves its figures and SVG charts
// under bench/results/; the run ends with one table of every figure and its target. Nothing asserts speed.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { clearResults, readResults, verdict } from '../bench/lib/results.mjs';
import { fail, info, SetupError, step } from './lib/log.mjs';
import { root } from './lib/paths.mjs';
import { pnpm } from './lib/pnpm.mjs';
import { run } from './lib/run.mjs';
import { setup } from './lib/setup.mjs';
import { markdownTable, textTable } from './lib/text-table.mjs';

const fmt = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : '-');
const COLUMNS = [
  ['benchmark', (r) => r.bench],
  ['figure', (r) => r.label],
  ['value', (r) => `${fmt(r.value)} ${r.unit}`],
  ['target', (r) => (r.target ? `${r.target.op} ${r.target.value}` : '')],
  ['', (r) => verdict(r)],
];

async function main() {
  await setup();
  step('Building the workspace (turbo build)');
  if ((await pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'])) !== 0) return 1;
  const dir = path.join(root, 'bench');
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const benches = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.mjs'))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  if (benches.length === 0) {
    info(`no benchmarks matched ${wanted.join(' ') || '(all)'} in bench/`);
    return wanted.length === 0 ? 0 : 1;
  }
  const names = benches.map((f) => f.replace(/\.bench\.mjs$/, ''));
  let failed = 0;
  for (const [i, file] of benches.entries()) {
    step(`[${i + 1}/${benches.length}] bench/${file}`);
    clearResults(names[i]);
    const code = await run(process.execPath, [path.join(dir, file)], { cwd: root });
    if (code !== 0) failed += 1;
  }
  const results = readResults(names);
  const rows = results.flatMap((r) => r.figures.map((f) => ({ bench: r.name, ...f })));
  step('Report (bench/results/: <name>.json, <name>-<chart>.svg)');
  for (const line of textTable(COLUMNS, rows, 60).split('\n')) info(line);
  for (const r of results) for (const f of r.files) info(`chart: bench/results/${f}`);
  if (process.argv.includes('--markdown')) process.stdout.write(`\n${markdownTable(COLUMNS, rows)}\n`);
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  fail(err instanceof SetupError ? err.message : String(err?.stack ?? err));
  process.exitCode = 1;
}
