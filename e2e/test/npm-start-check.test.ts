import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess } from '@rtms/testkit';
import { startZoomSimulator, type ZoomSimulator } from '@rtms/zoom-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoProcessLeft, isolatedStartEnv } from '../src/npm-start.js';
import { LeakScan, SecretMarkers } from '../src/secret-leaks.js';
import { simZoomEnv } from '../src/sim-env.js';

// `npm start -- --check`, the dry run, with "real" credentials: the simulator (started here) plays Zoom at the
// configured URLs, and npm start does not run its own simulator because ZOOM_CLIENT_ID is set.

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'rtms-e2e-check-'));
let sim: ZoomSimulator;

beforeAll(async () => {
  sim = await startZoomSimulator({
    webhookUrl: null,
    clientId: 'check-rtms-client-id',
    clientSecret: SecretMarkers.ZOOM_CLIENT_SECRET,
    webhookSecret: SecretMarkers.ZOOM_WEBHOOK_SECRET_TOKEN,
  });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function runCheck(overrides: NodeJS.ProcessEnv) {
  const env: NodeJS.ProcessEnv = {
    ...(await isolatedStartEnv(dataDir)),
    ...simZoomEnv(sim),
    ...overrides,
  };
  const proc = startProcess({
    name: 'npm-start-check',
    command: process.execPath,
    args: ['scripts/start.mjs', '--check'],
    cwd: root,
    env,
  });
  const { code } = await proc.exited;
  const output = proc.lines.join('\n');
  expectNoProcessLeft(proc, 1);
  const scan = new LeakScan();
  scan.lines('npm start --check output', proc.lines);
  expect(scan.report()).toBe('');
  return { code, output };
}

describe('e2e - npm start -- --check', () => {
  it('check - passes with the right credentials: every service ready, exit 0', async () => {
    const { code, output } = await runCheck({});
    expect(code, output).toBe(0);
    for (const name of ['webhook-gateway', 'zoom-api', 'stream-connector', 'transcript-sink']) {
      expect(output).toMatch(new RegExp(`^\\s+${name}\\s+ok\\s+ready$`, 'm'));
    }
    expect(output).toContain('==> Self-check passed');
    expect(output).toMatch(/^zoom-api\s+\| .*Zoom credentials accepted/m);
    expect(output).toMatch(/^stream-connector\s+\| .*RTMS client .*rtmsClientId=check-rtms-client-id/m);
    expect(output).toMatch(/tlsVerification=on/);
  });

  it('check - fails with a wrong OAuth client secret: names Zoom answer and the variables, exit 1', async () => {
    const { code, output } = await runCheck({ ZOOM_CLIENT_SECRET: 'wrong-client-secret' });
    expect(code, output).toBe(1);
    expect(output, output).toMatch(
      /zoom-api\s+FAILED\s+zoomCredentials: Zoom refused the Server-to-Server OAuth credentials: 401 invalid_client: Invalid client_id or client_secret; check ZOOM_CLIENT_ID \/ ZOOM_CLIENT_SECRET/,
    );
    expect(output).toMatch(/^zoom-api\s+\| .*Zoom credentials rejected/m);
    expect(output).toContain('Self-check failed');
    expect(output).not.toContain('wrong-client-secret');
  });

  it('check - fails when PUBLIC_WEBHOOK_URL does not reach the gateway: the gateway line says so, exit 1', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}/webhook`;
    const { code, output } = await runCheck({ PUBLIC_WEBHOOK_URL: unreachable });
    expect(code, output).toBe(1);
    expect(output, output).toMatch(
      /webhook-gateway\s+FAILED\s+publicWebhookUrl: PUBLIC_WEBHOOK_URL \S+: no answer \(.*\): the URL does not reach this host/,
    );
    expect(output).toMatch(/^\s+zoom-api\s+ok\s+ready$/m);
  });
});
