import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

// The CLI as a real process (dist/cli/main.js; `turbo run test:integration` builds it first).

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run turbo run build --filter=@rtms/zoom-sim...`);
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe('cli - process', () => {
  it('cli - prints where it listens, runs the demo with SIM_AUTO_RTMS, stops on SIGTERM', async () => {
    const proc = startProcess({
      name: 'zoom-sim',
      command: process.execPath,
      args: [entry],
      env: { SIM_PORT: '0', SIM_WEBHOOK_URL: receiver.url, SIM_AUTO_RTMS: 'true', LOG_LEVEL: 'warn' },
    });
    try {
      const rest = await proc.waitForLine(/^\s+REST\s+http:\/\/127\.0\.0\.1:\d+\/v2/);
      expect(rest).toContain('ZOOM_API_BASE_URL');
      const base = /http:\/\/127\.0\.0\.1:\d+/.exec(rest)?.[0];
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      await waitFor(() => receiver.events().includes('meeting.rtms_started'));
      const hook = receiver.received.find((r) => r.body.event === 'meeting.rtms_started');
      const ts = hook?.headers['x-zm-request-timestamp'] as string;
      const expected = createHmac('sha256', 'sim-webhook-secret-token')
        .update(`v0:${ts}:${hook?.raw}`)
        .digest('hex');
      expect(hook?.headers['x-zm-signature']).toBe(`v0=${expected}`);
      expect(receiver.events()[0]).toBe('meeting.started');
    } finally {
      const exit = await proc.stop('SIGTERM');
      expect(exit.code).toBe(0);
    }
  });

  it('cli - each run without SIM_SEED plays a meeting with fresh ids; SIM_SEED replays the same ids', async () => {
    const startedMeeting = async (env: Record<string, string>) => {
      const proc = startProcess({
        name: 'zoom-sim',
        command: process.execPath,
        args: [entry],
        env: { SIM_PORT: '0', SIM_WEBHOOK_URL: 'off', LOG_LEVEL: 'warn', SIM_SEED: '', ...env },
      });
      try {
        const seed = (await proc.waitForLine(/^\s+seed\s+\S+/)).trim().split(/\s+/)[1];
        const meeting = /uuid (\S+)\)/.exec(await proc.waitForLine(/^\s+meeting \d+ \(uuid /))?.[1];
        return { seed, meeting };
      } finally {
        await proc.stop('SIGTERM');
      }
    };
    const first = await startedMeeting({});
    const second = await startedMeeting({});
    expect(first.seed).toMatch(/^run-[0-9a-f]{8}$/);
    expect(second.seed).not.toBe(first.seed);
    expect(second.meeting).not.toBe(first.meeting);
    const replay = await startedMeeting({ SIM_SEED: first.seed ?? '' });
    expect(replay).toEqual(first);
  });

  it('cli - a bad variable is named in the error and the exit code is 1', async () => {
    const proc = startProcess({
      name: 'zoom-sim-bad',
      command: process.execPath,
      args: [entry],
      env: { SIM_PORT: 'ninety', SIM_WEBHOOK_URL: 'off' },
    });
    const exit = await proc.exited;
    expect(exit.code).toBe(1);
    expect(proc.lines.join('\n')).toContain('SIM_PORT');
  });
});
