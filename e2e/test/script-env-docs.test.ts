import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every environment variable the root scripts, the benchmarks and the test kit read is in the table of
// docs/operations.md ("Environment the scripts read"), so a newcomer finds RTMS_DATA_DIR, NATS_SERVER_BIN,
// CHROMIUM_BIN or BENCH_SECONDS without reading the code.

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['scripts', 'bench', 'packages/testkit/src'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'results']);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(rel);
    return /\.(mjs|js|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [rel] : [];
  });
}

// `process.env.X`, `process.env['X']`, and `env.X` / `env['X']` on an env object passed around (the scripts
// hand `process.env` to helpers as `env`); not `local-env.mjs`-style file names.
const READS = [
  /(?<![\w$.\-/])(?:process\.)?env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /(?<![\w$.\-/])(?:process\.)?env\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\]/g,
];

/** Each variable name read, with the files reading it. */
function variablesRead(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of SCANNED.flatMap(sourceFiles)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const pattern of READS)
      for (const [, name] of text.matchAll(pattern)) {
        const files = found.get(name as string) ?? [];
        if (!files.includes(file)) files.push(file);
        found.set(name as string, files);
      }
  }
  return found;
}

/** The backticked names in the first column of the table under "## Environment the scripts read". */
function documentedVariables(): Set<string> {
  const doc = readFileSync(path.join(root, 'docs/operations.md'), 'utf8');
  const section = doc.split(/^## Environment the scripts read$/m)[1]?.split(/^## /m)[0] ?? '';
  const names = new Set<string>();
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const firstCell = row.split('|')[1] ?? '';
    for (const [, name] of firstCell.matchAll(/`([^`]+)`/g)) names.add(name as string);
  }
  return names;
}

describe('docs - environment of the scripts', () => {
  it('docs - every variable read in scripts/, bench/ and the test kit is in docs/operations.md', () => {
    const read = variablesRead();
    const documented = documentedVariables();
    // The scan itself works: the variables the issue names are found.
    for (const name of ['RTMS_DATA_DIR', 'NATS_SERVER_BIN', 'CHROMIUM_BIN', 'BENCH_SECONDS', 'NATS_URL'])
      expect(read.has(name), name).toBe(true);
    const missing = [...read]
      .filter(([name]) => !documented.has(name))
      .map(([name, files]) => `${name} (read in ${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('docs - the table names no variable nothing reads', () => {
    const read = variablesRead();
    // Read through a computed name (`<SERVICE>_PORT`, `NATS_PASSWORD_<SERVICE>`, the simulator's credential
    // list) or only by tests and npm itself.
    const elsewhere = new Set([
      'NATS_PASSWORD_<SERVICE>',
      '<SERVICE>_PORT',
      'ZOOM_ACCOUNT_ID',
      'ZOOM_CLIENT_SECRET',
      'RTMS_TEST_LOG_LEVEL',
      'LIVE_PAGE_SCREENSHOT',
    ]);
    const stale = [...documentedVariables()].filter((name) => !read.has(name) && !elsewhere.has(name));
    expect(stale).toEqual([]);
  });
});
