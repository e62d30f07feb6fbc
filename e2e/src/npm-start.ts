import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, type ManagedProcess } from '@rtms/testkit';
import { expect } from 'vitest';

// What the `npm start` e2e tests check the same way on one server and on a cluster: the simulator's demo
// meeting end to end, and that Ctrl-C leaves no process behind.

/**
 * meeting.started → zoom-api starts RTMS → rtms_started → the connector runs the chain → transcripts on NATS →
 * the sink logs them; 10 s later zoom-api's delayed stop, and the sink ends the transcript. Returns the sink's
 * transcript lines.
 */
export async function waitForDemoMeeting(proc: ManagedProcess): Promise<string[]> {
  await proc.waitForLine(/^zoom-api\s+\| .*RTMS start accepted by Zoom/, 30_000);
  const first = await proc.waitForLine(/^transcript-sink\s+\| .* transcript .*speaker=\S+/, 30_000);
  expect(first).toMatch(/streamId=[0-9a-f]+/);
  await proc.waitForLine(/^zoom-api\s+\| .*RTMS stop accepted by Zoom .*source=schedule/, 30_000);
  await proc.waitForLine(/^transcript-sink\s+\| .*transcript ended/, 30_000);
  return proc.lines.filter((l) => /^transcript-sink\s+\| .* transcript .*speaker=/.test(l));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** After `npm start` exited: it said so, and every pid it printed (at least `minPids`) is gone. */
export function expectNoProcessLeft(proc: ManagedProcess, minPids: number): void {
  const output = proc.lines.join('\n');
  expect(output).toContain('all processes stopped');
  const pids = [...output.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
  expect(pids.length).toBeGreaterThanOrEqual(minPids);
  for (const pid of pids) expect(alive(pid), `pid ${pid} still running`).toBe(false);
}

/** The NATS administrator `npm start` created under its data folder (its server runs with users). */
export function localNatsAdmin(dataDir: string): { user: string; pass: string } {
  return {
    user: 'rtms-admin',
    pass: readFileSync(path.join(dataDir, 'secrets', 'nats-rtms-admin'), 'utf8').trim(),
  };
}

/** Environment that moves every port of `npm start` to a free one and its data to `dataDir`, so a test never
 * collides with a dev run. */
export async function isolatedStartEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const names = [
    'NATS_PORT',
    'SIM_PORT',
    'WEBHOOK_GATEWAY_PORT',
    'ZOOM_API_PORT',
    'STREAM_CONNECTOR_PORT',
    'TRANSCRIPT_SINK_PORT',
    'MEDIA_RECORDER_PORT',
  ];
  const env: NodeJS.ProcessEnv = { RTMS_DATA_DIR: dataDir, NATS_URL: '', NO_COLOR: '1', CI: '' };
  for (const name of names) env[name] = String(await freePort());
  return env;
}
