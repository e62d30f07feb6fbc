import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineChart } from './svg-chart.mjs';

// Each benchmark saves its figures (value, unit, target) and chart series to bench/results/<name>.json and its
// charts as bench/results/<name>-<chart>.svg; `npm run bench` prints one table from the JSON files.

export const resultsDir = fileURLToPath(new URL('../results', import.meta.url));

/**
 * figures: [{ label, value, unit, target?: { op: '>=' | '<=' | '<' | '>', value } }]
 * charts: [{ id, title, xLabel, yLabel, series: [{ name, points: [[x, y]], dashed? }] }]
 */
export function saveResults(name, { figures, charts = [], notes = [] }) {
  mkdirSync(resultsDir, { recursive: true });
  const measuredAt = new Date().toISOString();
  const files = charts.map((c) => {
    const file = `${name}-${c.id}.svg`;
    writeFileSync(path.join(resultsDir, file), lineChart(c));
    return file;
  });
  writeFileSync(
    path.join(resultsDir, `${name}.json`),
    `${JSON.stringify({ name, measuredAt, figures, charts, files, notes }, null, 2)}\n`,
  );
}

export function clearResults(name) {
  rmSync(path.join(resultsDir, `${name}.json`), { force: true });
}

export function readResults(names) {
  let files = [];
  try {
    files = readdirSync(resultsDir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')))
    .filter((r) => !names || names.includes(r.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const OPS = { '>=': (a, b) => a >= b, '<=': (a, b) => a <= b, '<': (a, b) => a < b, '>': (a, b) => a > b };

/** 'met', 'not met', or '' when the figure has no target. */
export function verdict(figure) {
  if (!figure.target) return '';
  if (!Number.isFinite(figure.value)) return 'no value';
  return OPS[figure.target.op](figure.value, figure.target.value) ? 'met' : 'NOT MET';
}
