// The nats-server users file docker compose mounts (config/nats-users.conf): generated from @rtms/nats (the
// contracts), with every password read from the server's environment ($NATS_PASSWORD_<USER>, from .env).
// A test compares the checked-in file with the generator, so it cannot drift from the code.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './paths.mjs';

export const USERS_FILE = path.join(root, 'config', 'nats-users.conf');

const USERS_FILE_HEADER =
  '# nats-server users of docker compose, one per service with only the subjects it uses. Generated from\n' +
  '# @rtms/nats (packages/nats/src/permissions, built from the contracts): do not edit, run\n' +
  "# `npm run nats:users` after changing a service's use of NATS. Passwords come from the environment\n" +
  '# (NATS_PASSWORD_<USER> in .env; `npm run nats:users -- --passwords` adds missing ones to .env).\n';

const natsPackage = () => import(pathToFileURL(path.join(root, 'packages', 'nats', 'dist', 'index.js')).href);

export async function usersFileText() {
  const { authorizationBlock } = await natsPackage();
  return USERS_FILE_HEADER + authorizationBlock();
}

/**
 * NATS_PASSWORD_<USER> for every user of the checked-in users file, each a fresh random value. nats-server
 * parses an environment variable it references as a config value: one starting with a digit or `-` is read as
 * a number and fails ("Expected a top-level value to end…"), so a password is a letter then hex digits.
 */
export function generatedPasswords() {
  const names = [...new Set(readFileSync(USERS_FILE, 'utf8').match(/\$NATS_PASSWORD_\w+/g) ?? [])];
  return Object.fromEntries(names.map((v) => [v.slice(1), `p${randomBytes(24).toString('hex')}`]));
}
