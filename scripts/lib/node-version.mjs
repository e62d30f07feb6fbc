// The Node version check that `npm start` and `npm test` run before anything else (scripts/lib/require-node.mjs).
// The required version is read from package.json "engines", the one place it is written.
import { readFileSync } from 'node:fs';

/** The root package.json's engines.node, e.g. ">=20.12". */
export function requiredNodeRange(packageJsonUrl = new URL('../../package.json', import.meta.url)) {
  return JSON.parse(readFileSync(packageJsonUrl, 'utf8')).engines?.node ?? '';
}

const parts = (text) => text.split('.').map((n) => Number.parseInt(n, 10) || 0);

/**
 * Why `version` (e.g. "18.19.0", as in process.versions.node) does not satisfy `range`, or undefined when it
 * does. Only the ">=major[.minor[.patch]]" form package.json uses is understood; any other form throws, so a
 * change to engines cannot silently switch the check off.
 */
export function nodeVersionProblem(version, range) {
  const match = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim());
  if (!match) throw new Error(`package.json engines.node "${range}" is not of the form ">=20.12"`);
  const want = parts(match[1]);
  const have = parts(version);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) > (want[i] ?? 0)) return undefined;
    if ((have[i] ?? 0) < (want[i] ?? 0))
      return `Node ${version} is too old: this project needs Node ${range} (package.json "engines")`;
  }
  return undefined;
}

/** Exit code of a run refused for its Node version (documented in docs/operations.md). */
export const NODE_VERSION_EXIT_CODE = 3;

/** Stops the process with a clear message when this Node is older than package.json allows. */
export function requireSupportedNode() {
  const range = requiredNodeRange();
  const problem = nodeVersionProblem(process.versions.node, range);
  if (!problem) return;
  const again = process.env.npm_lifecycle_event ? `npm ${process.env.npm_lifecycle_event}` : 'the command';
  process.stderr.write(
    `error ${problem}.\n      Install Node ${range.replace('>=', '')} or newer (https://nodejs.org/, or \`nvm install 20\`), ` +
      `then run ${again} again.\n`,
  );
  process.exit(NODE_VERSION_EXIT_CODE);
}
