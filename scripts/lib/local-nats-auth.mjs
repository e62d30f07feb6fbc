// NATS users for `npm start`'s own nats-server (or local cluster): one per service with the permissions the
// contracts give it (packages/nats, built before this runs), a read-only transcript-reader and rtms-admin.
// Passwords are generated once into .data/secrets/nats-<user>; the server's config file, with them, is
// written to .data/nats-auth.conf (owner-only) and passed with -c.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { localSecret } from './local-secrets.mjs';
import { dataDir, root } from './paths.mjs';

const natsPackage = () => import(pathToFileURL(path.join(root, 'packages', 'nats', 'dist', 'index.js')).href);

/** Writes the server config with every user; returns it, and each service's NATS_USER / NATS_PASSWORD. */
export async function localNatsAuth() {
  const { authorizationBlock, AuthUserNames, ADMIN_USER } = await natsPackage();
  const passwords = Object.fromEntries(AuthUserNames.map((u) => [u, localSecret(`nats-${u}`)]));
  const configFile = path.join(dataDir, 'nats-auth.conf');
  const header = '# Written by npm start from @rtms/nats (contracts); regenerated on every start.\n';
  writeFileSync(configFile, header + authorizationBlock((u) => ({ value: passwords[u] })), { mode: 0o600 });
  chmodSync(configFile, 0o600);
  return {
    configFile,
    admin: { user: ADMIN_USER, password: passwords[ADMIN_USER] },
    /** NATS_USER / NATS_PASSWORD for a service (its own user), or {} for a name without one. */
    serviceEnv: (name) =>
      passwords[name] ? { NATS_USER: name, NATS_PASSWORD: passwords[name], NATS_CREDS_FILE: '' } : {},
  };
}

/**
 * For a NATS_URL server: a service's own user from NATS_PASSWORD_<SERVICE> (the variables compose uses), when
 * set; otherwise the shared NATS_USER / NATS_PASSWORD / NATS_CREDS_FILE pass through unchanged.
 */
export function externalNatsEnv(env, name) {
  const password = env[`NATS_PASSWORD_${name.toUpperCase().replaceAll('-', '_')}`];
  return password ? { NATS_USER: name, NATS_PASSWORD: password } : {};
}
