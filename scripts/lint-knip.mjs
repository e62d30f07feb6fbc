// `npm run lint:knip` (part of `npm test`'s lint step): knip finds unused files, exports and dependencies in
// every workspace (config: knip.jsonc). Any finding fails, with the fix said plainly.
import path from 'node:path';
import { fail } from './lib/log.mjs';
import { root } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

// tsconfig.build.json (rootDir src, outDir dist) lets knip map an import of a workspace's dist/ back to src/.
const code = await run(
  process.execPath,
  [
    path.join(root, 'node_modules', 'knip', 'bin', 'knip.js'),
    '--no-progress',
    '--tsConfig',
    'tsconfig.build.json',
    ...process.argv.slice(2),
  ],
  { cwd: root },
);
if (code !== 0) {
  fail(
    'knip: dead code above (unused files, exports or dependencies). Delete it, drop `export` from what only its ' +
      'own file uses, or remove the dependency; an exception that is real goes into knip.jsonc with a comment.',
  );
}
process.exit(code);
