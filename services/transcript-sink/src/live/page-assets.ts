import { readFileSync } from 'node:fs';

/** The page's files (no build step): `public/` beside `src/` and `dist/`, read once at start-up. */
const PUBLIC_DIR = new URL('../../public/', import.meta.url);

export interface PageAsset {
  body: Buffer;
  contentType: string;
}

const FILES = {
  '/': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/format.js': { file: 'format.js', contentType: 'text/javascript; charset=utf-8' },
  '/transcript.js': { file: 'transcript.js', contentType: 'text/javascript; charset=utf-8' },
  '/app.js': { file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', contentType: 'text/css; charset=utf-8' },
} as const;

export type AssetPath = keyof typeof FILES;
export const AssetPaths = Object.keys(FILES) as AssetPath[];

export function loadPageAssets(): Record<AssetPath, PageAsset> {
  const entries = AssetPaths.map((route) => {
    const { file, contentType } = FILES[route];
    return [route, { body: readFileSync(new URL(file, PUBLIC_DIR)), contentType }] as const;
  });
  return Object.fromEntries(entries) as Record<AssetPath, PageAsset>;
}

/**
 * Headers for the page: everything from this origin only, no inline script, so a transcript that slipped
 * past the page's text-only rendering still could not run code.
 */
export const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const;
