import { fileURLToPath } from 'node:url';
import { freePort, natsTest, startProcess } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';

// A SIGTERM while a service is still starting (npm start stops every service when one fails) is a shutdown:
// the process closes what it opened and exits 0, and the step it cut short is not logged as FATAL.

const fixture = fileURLToPath(new URL('./fixtures/interrupted-service.mjs', import.meta.url));

async function stopDuring(phase: string, natsUrl: string, waitingLine: RegExp) {
  const proc = startProcess({
    name: `interrupted-${phase}`,
    command: process.execPath,
    args: [fixture],
    env: { START_PHASE: phase, NATS_URL: natsUrl },
  });
  await proc.waitForLine(waitingLine, 30_000);
  const { code, signal } = await proc.stop('SIGTERM', 20_000);
  const entries = proc.lines
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: unknown; msg: string });
  return { code, signal, entries, output: proc.lines.join('\n') };
}

describe('service-kit - runService stopped during start-up', () => {
  for (const [phase, line] of [
    ['build', /waiting in build/],
    ['start', /waiting in start/],
  ] as const) {
    natsTest(`run-service - SIGTERM during ${phase}: exit 0, shutdown logged, no FATAL`, async ({ nats }) => {
      const { code, signal, entries, output } = await stopDuring(phase, nats.url, line);
      expect({ code, signal }, output).toEqual({ code: 0, signal: null });
      expect(entries.map((e) => e.msg)).toEqual(
        expect.arrayContaining(['shutting down', 'shutdown complete']),
      );
      expect(
        entries.filter((e) => e.level === 60 || e.level === 'fatal'),
        output,
      ).toEqual([]);
      expect(output).not.toContain('failed to start');
    });
  }

  it('run-service - SIGTERM while NATS is still unreachable: exit 0, no FATAL', async () => {
    const nowhere = `nats://127.0.0.1:${await freePort()}`;
    const { code, signal, entries, output } = await stopDuring('connect', nowhere, /NATS not reachable yet/);
    expect({ code, signal }, output).toEqual({ code: 0, signal: null });
    expect(entries.map((e) => e.msg)).toContain('shutting down');
    expect(
      entries.filter((e) => e.level === 60 || e.level === 'fatal'),
      output,
    ).toEqual([]);
  });
});
