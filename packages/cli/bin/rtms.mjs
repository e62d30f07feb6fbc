#!/usr/bin/env node
// The `rtms` command: runs the built CLI (packages/cli/dist). Kept outside dist so the bin link exists before
// the first build; without a build it says how to make one.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'rtms: not built yet; run `npm start` once or `node scripts/pnpm.mjs exec turbo run build`\n',
  );
  process.exit(1);
}
await import(main.href);
