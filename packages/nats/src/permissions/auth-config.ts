import { natsPermissions } from './nats-permissions.js';
import { type NatsUserName, NatsUserNames, ServiceAccessTable } from './service-access.js';

// The nats-server `authorization { users = [...] }` block (nats-server 2.9 syntax): one user per service with
// its permissions from the contracts, a read-only transcript reader, and an administrator with every right
// (operators, tests, the `nats` CLI). A password is either given (npm start's generated ones) or an
// environment variable of the nats-server process (`$NATS_PASSWORD_ZOOM_API`: docker compose reads .env).

export const ADMIN_USER = 'rtms-admin';
export type AuthUserName = NatsUserName | typeof ADMIN_USER;
export const AuthUserNames: readonly AuthUserName[] = [...NatsUserNames, ADMIN_USER];

/** `NATS_PASSWORD_<USER>`: the variable holding a user's password in compose's .env and the server's config. */
export function passwordVariable(user: AuthUserName): string {
  return `NATS_PASSWORD_${user.toUpperCase().replaceAll('-', '_')}`;
}

export type PasswordSource = { value: string } | { env: string };

const quote = (text: string) => JSON.stringify(text);
const list = (items: readonly string[]) => `[${items.map(quote).join(', ')}]`;

function rule(
  name: string,
  r: { allow: readonly string[]; deny?: readonly string[] },
  indent: string,
): string {
  const deny = r.deny?.length ? `, deny: ${list(r.deny)}` : '';
  return `${indent}${name}: { allow: ${list(r.allow)}${deny} }`;
}

function userEntry(user: AuthUserName, password: PasswordSource): string {
  // A variable reference must stay unquoted for nats-server to resolve it.
  const pass = 'value' in password ? quote(password.value) : `$${password.env}`;
  const head = `    { user: ${quote(user)}, password: ${pass}`;
  if (user === ADMIN_USER) return `${head} }`;
  const p = natsPermissions(ServiceAccessTable[user]);
  const lines = [
    `${head}, permissions: {`,
    `${rule('publish', p.publish, '        ')}`,
    `${rule('subscribe', p.subscribe, '        ')}`,
    ...(p.allowResponses ? ['        allow_responses: true'] : []),
    '      } }',
  ];
  return lines.join('\n');
}

/**
 * The authorization block for every user. `passwords(user)` gives each password; by default each is read
 * from the server's environment (`$NATS_PASSWORD_<USER>`).
 */
export function authorizationBlock(
  passwords: (user: AuthUserName) => PasswordSource = (user) => ({ env: passwordVariable(user) }),
): string {
  const users = AuthUserNames.map((u) => userEntry(u, passwords(u)));
  return ['authorization {', '  users = [', users.join('\n'), '  ]', '}', ''].join('\n');
}
