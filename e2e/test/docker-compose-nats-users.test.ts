import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { type AuthUserName, AuthUserNames, authorizationBlock, passwordVariable } from '@rtms/nats';
import { startNatsServer } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { composeSetups, nodeServicesOf, readRepoFile, repoRoot } from '../src/compose-file.js';

// The compose files' NATS users: every server runs with the generated users file, every service logs in as
// its own user; and the generated file really works on a nats-server.

describe.each(composeSetups)('e2e - docker compose NATS users (static), $setup', ({ file }) => {
  const natsNodes = Object.entries(file.services).filter(([, s]) => s.image?.startsWith('nats:'));

  it('runs every nats-server with the generated users file and every password variable', () => {
    expect(natsNodes.length).toBeGreaterThan(0);
    for (const [name, node] of natsNodes) {
      const command = node.command ?? [];
      expect(command[command.indexOf('-c') + 1], name).toBe('/etc/nats/users.conf');
      expect(node.volumes ?? [], name).toContain('./config/nats-users.conf:/etc/nats/users.conf:ro');
      for (const user of AuthUserNames) {
        const variable = passwordVariable(user);
        expect(node.environment?.[variable], `${name}: ${variable}`).toMatch(
          new RegExp(`^\\$\\{${variable}:\\?.+\\}$`),
        );
      }
    }
  });

  it('connects every service that uses NATS as its own user, with its own password variable', () => {
    for (const [name, service] of nodeServicesOf(file)) {
      if (!service.environment?.NATS_URL || name === 'zoom-sim') continue;
      expect(service.environment.NATS_USER, name).toBe(name);
      expect(service.environment.NATS_PASSWORD, name).toMatch(
        new RegExp(`^\\$\\{${passwordVariable(name as AuthUserName)}:\\?.+\\}$`),
      );
    }
  });
});

describe('e2e - config/nats-users.conf', () => {
  const text = readRepoFile('config/nats-users.conf');

  it('is what the generator makes from the contracts (run `npm run nats:users` after a change)', () => {
    expect(text.slice(text.indexOf('authorization {'))).toBe(authorizationBlock());
  });

  it('runs on the real nats-server with passwords from its environment; each user logs in', async () => {
    const passwords = Object.fromEntries(
      AuthUserNames.map((u) => [passwordVariable(u), `pw-${u}-0123456789`]),
    );
    const saved = { ...process.env };
    Object.assign(process.env, passwords);
    const server = await startNatsServer({
      extraArgs: ['-c', path.join(repoRoot, 'config/nats-users.conf')],
    }).finally(() => {
      process.env = saved;
    });
    try {
      for (const user of AuthUserNames) {
        const nc = await connect({ servers: server.url, user, pass: passwords[passwordVariable(user)] });
        await nc.close();
      }
      await expect(connect({ servers: server.url, reconnect: false })).rejects.toThrow();
    } finally {
      await server.dispose();
    }
  });
});
