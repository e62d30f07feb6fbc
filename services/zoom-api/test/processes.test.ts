import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Streams } from '@rtms/contracts';
import { freePort, type ManagedProcess, natsTest, startProcess, waitFor } from '@rtms/testkit';
import type { ZoomSimulator } from '@rtms/zoom-sim';
import { beforeAll, describe, expect, onTestFinished } from 'vitest';
import { collectControlEvents, simEnv, startMeeting, startSim } from './harness.js';

// Real processes (`node dist/main.js`): kill -9, restart, two replicas. Build first:
// node scripts/pnpm.mjs exec turbo run build --filter=@rtms/zoom-api...
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Replica {
  proc: ManagedProcess;
  port: number;
  readyAt: number;
}

async function spawnZoomApi(
  name: string,
  natsUrl: string,
  sim: ZoomSimulator,
  env: Record<string, string> = {},
) {
  const port = await freePort();
  const proc = startProcess({
    name,
    command: process.execPath,
    args: [main],
    env: {
      ...simEnv(sim, env),
      NATS_URL: natsUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ZOOM_ACCESS_TOKEN: '',
      access_token: '',
    },
  });
  onTestFinished(async () => void (await proc.stop('SIGKILL')));
  await proc.waitForLine(/zoom-api listening/, 20_000);
  return { proc, port, readyAt: Date.now() } satisfies Replica;
}

const stopCalls = (sim: ZoomSimulator) =>
  sim.requests.filter((r) => r.method === 'PATCH' && (r.body as { action?: string }).action === 'stop');
const startCalls = (sim: ZoomSimulator) =>
  sim.requests.filter((r) => r.method === 'PATCH' && (r.body as { action?: string }).action === 'start');

describe('zoom-api - processes', () => {
  beforeAll(() => {
    if (!existsSync(main)) throw new Error(`${main} is missing: build zoom-api first (turbo run build)`);
  });

  natsTest('kill -9 with a stop pending: the restarted service fires it once, on time', async ({ nats }) => {
    const sim = await startSim();
    const events = collectControlEvents(nats.nc);
    const first = await spawnZoomApi('zoom-api-1', nats.url, sim, { RTMS_AUTO_STOP_SECONDS: '5' });
    const meeting = await startMeeting(nats.js, sim);
    const scheduled = await events.waitForEvent({ action: 'schedule_stop', outcome: 'scheduled' });
    expect(await first.proc.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });

    const second = await spawnZoomApi('zoom-api-2', nats.url, sim, { RTMS_AUTO_STOP_SECONDS: '5' });
    // The restart must be back before the stop is due, or this would not test what it claims.
    expect(second.readyAt).toBeLessThan(scheduled.dueAt ?? 0);
    const [stop] = await waitFor(() => stopCalls(sim).length > 0 && stopCalls(sim), { timeoutMs: 10_000 });
    const late = (stop?.at ?? 0) - (scheduled.dueAt ?? 0);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(1000);
    expect(stop?.path).toBe(`/v2/live_meetings/${meeting.id}/rtms_app/status`);

    await waitFor(async () => (await nats.jsm.streams.info(Streams.schedule)).state.messages === 0);
    await events.waitForEvent({ action: 'stop', outcome: 'ok', source: 'schedule' });
    expect(stopCalls(sim)).toHaveLength(1);
    expect(events.events().filter((e) => e.outcome === 'fired')).toHaveLength(1);
    // Log lines reach stdout within LOG_BUFFER_BYTES' flush interval (250 ms).
    await waitFor(() => second.proc.lines.some((l) => l.includes('delayed stop due; stopping RTMS')), {
      what: "the restarted replica's 'delayed stop due' line",
    });
  });

  natsTest('two replicas: each meeting is started once and stopped once', async ({ nats }) => {
    const sim = await startSim();
    const events = collectControlEvents(nats.nc);
    const replicas = await Promise.all([
      spawnZoomApi('zoom-api-a', nats.url, sim),
      spawnZoomApi('zoom-api-b', nats.url, sim),
    ]);
    const meetings = [];
    for (let i = 0; i < 4; i += 1) meetings.push(await startMeeting(nats.js, sim));
    await waitFor(() => stopCalls(sim).length >= 4, { timeoutMs: 10_000 });
    await waitFor(async () => (await nats.jsm.streams.info(Streams.schedule)).state.messages === 0);
    await waitFor(
      () => events.events().filter((e) => e.action === 'stop' && e.outcome === 'ok').length === 4,
    );

    const paths = (calls: { path: string }[]) => calls.map((c) => c.path).sort();
    const expected = meetings.map((m) => `/v2/live_meetings/${m.id}/rtms_app/status`).sort();
    expect(paths(startCalls(sim))).toEqual(expected);
    expect(paths(stopCalls(sim))).toEqual(expected);
    expect(stopCalls(sim).every((c) => c.status === 204)).toBe(true);

    // Health, readiness and metrics of a replica; graceful stop; no secret or token in any log line.
    const [a, b] = replicas as [Replica, Replica];
    const base = `http://127.0.0.1:${a.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metricsText = await (await fetch(`${base}/metrics`)).text();
    expect(metricsText).toMatch(/zoom_api_pending_stops\{service="zoom-api"\} 0/);
    expect(metricsText).toContain('zoom_api_token_refreshes_total');
    const totals = await Promise.all(
      replicas.map(async (r) => {
        const text = await (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text();
        const m = /zoom_api_requests_total\{action="stop",status="204",service="zoom-api"\} (\d+)/.exec(text);
        return Number(m?.[1] ?? 0);
      }),
    );
    expect(totals.reduce((sum, n) => sum + n, 0)).toBe(4);

    for (const r of [a, b]) {
      expect(await r.proc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(r.proc.lines.some((l) => l.includes('shutdown complete'))).toBe(true);
    }
    const tokens = sim.requests.map((r) => r.authorization?.replace(/^Bearer /, '')).filter(Boolean);
    const logs = [...a.proc.lines, ...b.proc.lines].join('\n');
    expect(logs).not.toContain(sim.credentials.clientSecret);
    for (const token of new Set(tokens)) expect(logs).not.toContain(token);
  });
});
