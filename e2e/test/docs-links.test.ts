import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, brokenLinks, headingSlug, linksOf } from '../src/markdown-links.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', 'reports', 'results', '.git', '.turbo', '.data', '.tools']);

/** Repository-relative paths of the files under `dir` whose names match `re`. */
function filesUnder(dir: string, re: RegExp): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (re.test(entry.name)) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

const docs = [
  'README.md',
  'AGENTS.md',
  'bench/README.md',
  ...filesUnder('docs', /\.md$/).filter((f) => path.dirname(f) === 'docs'),
];

describe('docs - relative links', () => {
  it('docs - every relative link in README.md, AGENTS.md, docs/*.md and bench/README.md resolves inside the repository, anchors included', () => {
    const broken = brokenLinks(root, docs).map((b) => `${b.file}:${b.line} ${b.target}: ${b.problem}`);
    expect(broken).toEqual([]);
  });

  it('docs - the checker finds links, skips code, and computes GitHub heading anchors', () => {
    const md = [
      '# Title',
      'See [a](a.md#x-y), <https://example.com>, `[not](a link)` and',
      '```',
      '[nor](this.md)',
      '```',
      '[ref]: ../b.md',
      '## 1.2 `endpoint.url_validation`: signed — on purpose',
      '## Title',
    ].join('\n');
    expect(linksOf('f.md', md).map((l) => l.target)).toEqual(['a.md#x-y', 'https://example.com', '../b.md']);
    expect(headingSlug("Recovery (Zoom's rules, `src/stream/stream-runner.ts`)")).toBe(
      'recovery-zooms-rules-srcstreamstream-runnerts',
    );
    expect([...anchorsOf(md)]).toEqual(['title', '12-endpointurl_validation-signed--on-purpose', 'title-1']);
  });
});

describe('docs - protocol references', () => {
  const protocol = readFileSync(path.join(root, 'docs/rtms-protocol.md'), 'utf8');
  const sections = new Set(
    [...protocol.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]).filter((s) => s !== undefined),
  );
  const sources = [
    ...docs,
    ...['packages', 'services', 'e2e', 'scripts', 'bench', 'examples'].flatMap((d) =>
      filesUnder(d, /\.(ts|mts|mjs|js|md)$/),
    ),
  ];

  it('docs - code and docs cite docs/rtms-protocol.md, never a file outside the repository', () => {
    const outside: string[] = [];
    for (const file of sources) {
      if (file === 'e2e/test/docs-links.test.ts') continue;
      readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/(^|[^\w.])\.\.\/shared\/|\/work\/shared\b/.test(line)) outside.push(`${file}:${i + 1}`);
          for (const m of line.matchAll(/([\w./-]*)rtms-protocol\.md/g)) {
            const prefix = m[1] ?? '';
            // Inside docs/ a Markdown link names the file beside it; everywhere else the repository path.
            const ok = prefix === 'docs/' || (file.startsWith('docs/') && prefix === '');
            if (!ok) outside.push(`${file}:${i + 1} ${m[0]}`);
          }
        });
    }
    expect(outside).toEqual([]);
  });

  it('docs - every § number cited beside docs/rtms-protocol.md is a section of it', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const file of sources) {
      if (file === 'docs/rtms-protocol.md') continue;
      readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const at = line.indexOf('rtms-protocol.md');
          if (at < 0) return;
          const rest = line.slice(at).split(/[)\]]/)[0] ?? '';
          for (const m of rest.matchAll(/§(\d+(?:\.\d+)?)/g)) {
            cited += 1;
            if (!sections.has(m[1] as string)) missing.push(`${file}:${i + 1} §${m[1]}`);
          }
        });
    }
    expect(missing).toEqual([]);
    expect(cited).toBeGreaterThan(20);
  });
});
