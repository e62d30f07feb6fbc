import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

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

export function markdownTable(rows) {
  const lines = [
    `| ${COLUMNS.map(([h]) => h).join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${COLUMNS.map(([, get]) => get(r).replaceAll('|', '/')).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** A plain table for a terminal: long cells wrapped at `width`. */
export function textTable(rows, width = 38) {
  const cells = rows.map((r) => COLUMNS.map(([, get]) => wrap(get(r), width)));
  const header = COLUMNS.map(([h]) => [h]);
  const widths = COLUMNS.map((_, i) =>
    Math.max(...[header[i], ...cells.map((c) => c[i])].flat().map((s) => s.length)),
  );
  const render = (row) => {
    const height = Math.max(...row.map((c) => c.length));
    return Array.from({ length: height }, (_, line) =>
      row.map((c, i) => (c[line] ?? '').padEnd(widths[i])).join('  '),
    ).join('\n');
  };
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(render)].join('\n');
}

function wrap(text, width) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}
