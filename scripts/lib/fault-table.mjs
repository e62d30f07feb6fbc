import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable, textTable } from './text-table.mjs';

// The fault report: rows written by e2e/test/faults/* (e2e/src/chaos/report.ts) as one table, for the
// terminal and, with --markdown, for docs/operations.md.

export function readRows(dir) {
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => /^fault-\d+\.json$/.test(f));
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8'))).sort((a, b) => a.id - b.id);
}

const COLUMNS = [
  ['#', (r) => String(r.id)],
  ['fault', (r) => r.fault],
  ['load', (r) => r.load],
  ['acknowledged', (r) => String(r.acknowledged)],
  ['stored', (r) => String(r.stored)],
  ['lost', (r) => String(r.lost)],
  ['doubled', (r) => String(r.doubled)],
  [
    'time to recover',
    (r) => (r.recoveryMs >= 0 ? `${(r.recoveryMs / 1000).toFixed(2)} s (${r.recovery})` : 'n/a'),
  ],
];

export const faultMarkdown = (rows) => markdownTable(COLUMNS, rows);
export const faultText = (rows) => textTable(COLUMNS, rows);
