import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// Relative links of Markdown files, checked the way GitHub renders them: the target must exist inside the
// repository, and a `#fragment` must name a heading of the target (or of the same file). Links inside fenced
// code blocks and inline code are not links.

export interface MarkdownLink {
  /** Repository-relative path of the file the link is in. */
  file: string;
  line: number;
  target: string;
}

export interface BrokenLink extends MarkdownLink {
  problem: string;
}

/** Text with fenced code blocks blanked (line numbers kept) and inline code spans removed. */
function proseOf(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line.replace(/(`+)[\s\S]*?\1/g, '');
  });
}

/** Inline links `[text](target)`, images, autolinks `<target>` and reference definitions `[x]: target`. */
export function linksOf(file: string, markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseOf(markdown).forEach((text, i) => {
    const add = (target: string | undefined) => {
      if (target) links.push({ file, line: i + 1, target });
    };
    for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) add(m[1]);
    for (const m of text.matchAll(/<([^>\s]+:\/\/[^>\s]+)>/g)) add(m[1]);
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(text);
    if (def) add(def[1]);
  });
  return links;
}

/** GitHub's anchor of a heading: rendered text, lowercase, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown file offers: its headings' slugs, repeated ones suffixed -1, -2, … as GitHub does. */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = headingSlug(heading);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const m of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) if (m[1]) anchors.add(m[1]);
  return anchors;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The broken relative links of the given Markdown files (paths relative to `root`). External links
 * (`https:`, `mailto:`, …) are not fetched.
 */
export function brokenLinks(root: string, files: readonly string[]): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (abs: string) => {
    let set = anchorCache.get(abs);
    if (!set) {
      set = anchorsOf(readFileSync(abs, 'utf8'));
      anchorCache.set(abs, set);
    }
    return set;
  };
  for (const file of files) {
    const abs = path.join(root, file);
    for (const link of linksOf(file, readFileSync(abs, 'utf8'))) {
      if (EXTERNAL.test(link.target)) continue;
      const [rawPath = '', fragment] = link.target.split('#', 2);
      const targetPath = decodeURIComponent(rawPath);
      const resolved = targetPath === '' ? abs : path.resolve(path.dirname(abs), targetPath);
      const inside = path.relative(root, resolved);
      if (inside.startsWith('..') || path.isAbsolute(inside)) {
        broken.push({ ...link, problem: 'points outside the repository' });
        continue;
      }
      if (!existsSync(resolved)) {
        broken.push({ ...link, problem: `${inside} does not exist` });
        continue;
      }
      if (fragment === undefined || fragment === '') continue;
      if (!resolved.endsWith('.md') || !statSync(resolved).isFile()) continue;
      if (!anchors(resolved).has(decodeURIComponent(fragment).toLowerCase())) {
        broken.push({ ...link, problem: `${inside} has no heading #${fragment}` });
      }
    }
  }
  return broken;
}
