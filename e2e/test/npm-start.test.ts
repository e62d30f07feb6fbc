import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess } from '@rtms/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'rtms-e2e-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Environment that moves every port of `npm start` to a free one, so the test never collides with a dev run. */
async function isolatedEnv(): Promise<NodeJS.ProcessEnv> {
  const names = [
    'NATS_PORT',
    'SIM_PORT',
    'WEBHOOK_GATEWAY_PORT',
    'ZOOM_API_PORT',
    'STREAM_CONNECTOR_PORT',
    'TRANSCRIPT_SINK_PORT',
  ];
  const env: NodeJS.ProcessEnv = { RTMS_DATA_DIR: dataDir, NATS_URL: '', NO_COLOR: '1', CI: '' };
  for (const name of names) env[name] = String(await freePort());
  return env;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('e2e - npm start', () => {
  it('brings up NATS and every service with /healthz answering, then stops them all with no orphans', async () => {
    const env = await isolatedEnv();
    const proc = startProcess({
      name: 'npm-start',
      command: process.execPath,
      args: ['scripts/start.mjs', '--exit-when-ready'],
      cwd: root,
      env,
    });
    const { code } = await proc.exited;
    const output = proc.lines.join('\n');
    expect(code, output).toBe(0);
    expect(output).toContain('==> Ready');
    expect(output).toMatch(new RegExp(`NATS listening on nats://127\\.0\\.0\\.1:${env.NATS_PORT}`));
    const pids = [...output.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) expect(alive(pid), `pid ${pid} still running`).toBe(false);
  });
});
