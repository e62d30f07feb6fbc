// Secrets `npm start` generates for local runs (the live page's access token, NATS passwords): created once
// with 24 random bytes, kept under .data/secrets/ (RTMS_DATA_DIR moves it) with owner-only permissions, so
// a bookmarked page URL and the local NATS users keep working across restarts. Delete the folder to renew.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from './paths.mjs';

const secretsDir = () => path.join(dataDir, 'secrets');

/** The local secret `name` (letters, digits, - and _), created on first use. */
export function localSecret(name) {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new RangeError(`bad secret name ${name}`);
  const dir = secretsDir();
  const file = path.join(dir, name);
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 16) return value;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}
