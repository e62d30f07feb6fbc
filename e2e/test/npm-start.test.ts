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

  it('runs a simulated meeting end to end: transcripts reach the sink, the delayed stop fires, Ctrl-C stops all', async () => {
    const env = await isolatedEnv();
    const proc = startProcess({
      name: 'npm-start',
      command: process.execPath,
      args: ['scripts/start.mjs'],
      cwd: root,
      env,
    });
    try {
      await proc.waitForLine(/==> Ready/, 180_000);
      for (const name of [
        'WEBHOOK_GATEWAY_PORT',
        'ZOOM_API_PORT',
        'STREAM_CONNECTOR_PORT',
        'TRANSCRIPT_SINK_PORT',
        'SIM_PORT',
      ]) {
        const res = await fetch(`http://127.0.0.1:${env[name]}/healthz`);
        expect(res.status, name).toBe(200);
      }
      // The simulator's demo meeting: meeting.started → zoom-api starts RTMS → rtms_started → the connector
      // runs the chain → transcripts on NATS → the sink logs them; 10 s later zoom-api's delayed stop.
      await proc.waitForLine(/^zoom-api\s+\| .*RTMS start accepted by Zoom/, 30_000);
      const first = await proc.waitForLine(/^transcript-sink\s+\| .* transcript .*speaker=\S+/, 30_000);
      expect(first).toMatch(/streamId=[0-9a-f]+/);
      await proc.waitForLine(/^zoom-api\s+\| .*RTMS stop accepted by Zoom .*source=schedule/, 30_000);
      await proc.waitForLine(/^transcript-sink\s+\| .*transcript ended/, 30_000);
      const lines = proc.lines.filter((l) => /^transcript-sink\s+\| .* transcript .*speaker=/.test(l));
      expect(lines.length).toBeGreaterThanOrEqual(2);
    } finally {
      const { code } = await proc.stop('SIGINT', 30_000);
      expect(code, proc.lines.slice(-30).join('\n')).toBe(130);
    }
    const output = proc.lines.join('\n');
    expect(output).toContain('all processes stopped');
    const pids = [...output.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(pids.length).toBeGreaterThanOrEqual(2);
    for (const pid of pids) expect(alive(pid), `pid ${pid} still running`).toBe(false);
  });
});
