import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@rtms/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoProcessLeft, isolatedStartEnv } from '../src/npm-start.js';

// A service that fails while the others are still starting: `npm start` stops everything, never prints
// "Ready" after it began stopping, and the services it stops mid-start-up log no FATAL for their shutdown.

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'rtms-e2e-start-failure-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('e2e - npm start with a service that fails at start-up', () => {
  it('npm start - a failing service stops everything: no Ready, exit 1, no FATAL from the services stopped', async () => {
    // Below the gateway's minimum of 1024: its config is refused and it exits 1 at once.
    const env = { ...(await isolatedStartEnv(dataDir)), WEBHOOK_BODY_LIMIT_BYTES: '1' };
    const proc = startProcess({
      name: 'npm-start-failure',
      command: process.execPath,
      args: ['scripts/start.mjs'],
      cwd: root,
      env,
    });
    const { code } = await proc.exited;
    const output = proc.lines.join('\n');
    expect(code, output).toBe(1);
    expect(output).toMatch(/webhook-gateway exited unexpectedly \(code 1/);
    expect(output).toContain('==> Stopping (webhook-gateway exited)');
    expect(output).not.toContain('==> Ready');
    const fatal = proc.lines.filter((l) => /^\S+\s+\| \S* ?FATAL /.test(l));
    expect(fatal.length, output).toBeGreaterThan(0);
    expect(
      fatal.filter((l) => !l.startsWith('webhook-gateway')),
      output,
    ).toEqual([]);
    expectNoProcessLeft(proc, 2);
  });
});
