import { existsSync } from 'node:fs';
import path from 'node:path';
import { info } from './log.mjs';
import { root } from './paths.mjs';

/** Loads .env from the repo root into process.env (variables already set win). */
export function loadDotEnv() {
  const file = path.join(root, '.env');
  if (!existsSync(file)) return;
  const before = { ...process.env };
  process.loadEnvFile(file);
  for (const [k, v] of Object.entries(before)) process.env[k] = v;
  info('loaded .env');
}
