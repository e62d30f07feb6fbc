// `npm run nats:users`: writes config/nats-users.conf (docker compose's nats-server users) from the contracts.
// `-- --passwords` also appends a generated NATS_PASSWORD_<USER> to .env for every user that has none.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { info, step } from './lib/log.mjs';
import { generatedPasswords, USERS_FILE, usersFileText } from './lib/nats-users-file.mjs';
import { root } from './lib/paths.mjs';
import { pnpm } from './lib/pnpm.mjs';

step('Building @rtms/nats');
if ((await pnpm(['exec', 'turbo', 'run', 'build', '--filter=@rtms/nats', '--output-logs=errors-only'])) !== 0)
  process.exit(1);
writeFileSync(USERS_FILE, await usersFileText());
info(`wrote ${path.relative(root, USERS_FILE)}`);

if (process.argv.includes('--passwords')) {
  const envFile = path.join(root, '.env');
  const text = existsSync(envFile) ? readFileSync(envFile, 'utf8') : '';
  const missing = Object.entries(generatedPasswords()).filter(
    ([name]) => !new RegExp(`^${name}=.+`, 'm').test(text),
  );
  const lines = missing.map(([name, value]) => `${name}=${value}`).join('\n');
  if (lines)
    writeFileSync(envFile, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${lines}\n`, { mode: 0o600 });
  info(
    missing.length ? `added ${missing.map(([n]) => n).join(', ')} to .env` : '.env has every NATS password',
  );
}
