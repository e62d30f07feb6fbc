import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer, waitFor } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { pendingStops, rtmsCalls, scheduleDrained, succeeded } from '../../src/chaos/delayed-stops.js';
import { recordFault } from '../../src/chaos/report.js';
import { type ServiceProcess, startSystem } from '../../src/chaos/system.js';

// Fault 4: two zoom-api replicas with 100 delayed stops pending (RTMS_AUTO_STOP_SECONDS after each automatic
// start), one replica SIGKILLed before any is due. A pending stop is a message in RTMS_SCHEDULE that the
// server holds (nak with delay) until due, so the survivor fires every one, exactly once, on time.

const MEETINGS = 100;
const AUTO_STOP_SECONDS = 15;
const ZOOM_API_ENV = { RTMS_AUTO_START: 'true', RTMS_AUTO_STOP_SECONDS: String(AUTO_STOP_SECONDS) };

describe('fault - zoom-api replica SIGKILLed with 100 delayed stops pending', () => {
  it('fault 4 - every pending stop fires exactly once, from the survivor', async () => {
    const server = await startNatsServer();
    const system = await startSystem({ natsUrl: server.url });
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const jsm = await jetstreamManager(nc);
    const { sim } = system;
    try {
      await system.start('webhook-gateway');
      const replicas = [
        await system.start('zoom-api', undefined, ZOOM_API_ENV),
        await system.start('zoom-api', undefined, ZOOM_API_ENV),
      ];
      // No stream-connector: a started stream waits in 'starting' (the simulator never expires it), which is
      // all a stop needs; the replicas start RTMS through the simulator's REST API.
      const ids = sim.startMeetings(MEETINGS, { autoRtms: false }).map((m) => m.id);
      await waitFor(() => ids.every((id) => rtmsCalls(sim, 'start').get(id)?.some(succeeded)), {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: `${MEETINGS} RTMS starts accepted`,
      });
      const stops = await waitFor(
        async () => {
          const pending = await pendingStops(jsm, ids);
          return pending.size === MEETINGS && pending;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: `${MEETINGS} delayed stops scheduled` },
      );
      const firstDue = Math.min(...[...stops.values()].map((s) => s.dueAt));
      // The victim: the replica that scheduled most of them.
      const scheduled = replicas.map((r) => linesWith(r, 'delayed stop scheduled'));
      const victim = replicas[scheduled.indexOf(Math.max(...scheduled))];
      if (!victim) throw new Error('no zoom-api replica');

      const killedAt = Date.now();
      // Killed before any stop is due, or this would not test what it claims.
      expect(killedAt).toBeLessThan(firstDue);
      await victim.proc.stop('SIGKILL');

      await waitFor(() => ids.every((id) => rtmsCalls(sim, 'stop').get(id)?.some(succeeded)), {
        timeoutMs: Math.max(0, Math.max(...[...stops.values()].map((s) => s.dueAt)) - Date.now()) + 30_000,
        intervalMs: 200,
        what: `${MEETINGS} RTMS stops accepted`,
      });
      // Acknowledged and deleted from the work queue, none in anyone's hands: no stop can come any more.
      await waitFor(() => scheduleDrained(jsm), {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: 'schedule empty',
      });

      const calls = rtmsCalls(sim, 'stop');
      const callCounts = ids.map((id) => calls.get(id)?.length ?? 0);
      const fired = ids.filter((id) => calls.get(id)?.some(succeeded)).length;
      const lateness = ids
        .map(
          (id) => (calls.get(id)?.find(succeeded)?.at ?? Number.NaN) - (stops.get(id)?.dueAt ?? Number.NaN),
        )
        .sort((a, b) => a - b);
      const maxLate = lateness.at(-1) ?? Number.NaN;
      const firedBy = replicas.map((r) => linesWith(r, 'delayed stop due; stopping RTMS'));
      recordFault({
        id: 4,
        fault: 'SIGKILL one of 2 zoom-api replicas with 100 delayed stops pending',
        load: `${MEETINGS} meetings auto-started by zoom-api, stop ${AUTO_STOP_SECONDS} s after each start (no connector)`,
        acknowledged: stops.size,
        stored: fired,
        lost: stops.size - fired,
        doubled: callCounts.reduce((n, c) => n + Math.max(0, c - 1), 0),
        recoveryMs: maxLate,
        recovery: 'largest lateness of a stop: Zoom answered its stop call − its dueAt in RTMS_SCHEDULE',
        notes:
          `acknowledged = delayed stops scheduled (in RTMS_SCHEDULE), stored = stops Zoom accepted, doubled = ` +
          `stop calls beyond one per meeting; victim ${victim.name} had scheduled ${Math.max(...scheduled)} of ` +
          `${MEETINGS}, killed ${firstDue - killedAt} ms before the first was due (pending stops wait in the ` +
          `server, nak'd until due, so it held none); stops fired by ` +
          `${replicas.map((r, i) => `${r.name} ${firedBy[i]}`).join(', ')}; lateness min ` +
          `${lateness[0]} ms, median ${lateness[Math.floor(lateness.length / 2)]} ms, max ${maxLate} ms`,
      });
      // Exactly one stop call per meeting (a second one would get Zoom's "not running"), and it succeeded.
      expect(ids.filter((_, i) => callCounts[i] !== 1)).toEqual([]);
      expect(fired).toBe(MEETINGS);
      // Never before it was due.
      expect(lateness[0]).toBeGreaterThanOrEqual(0);
    } finally {
      await system.close();
      await nc.close();
      await server.dispose();
    }
  });
});

const linesWith = (s: ServiceProcess, text: string) => s.proc.lines.filter((l) => l.includes(text)).length;
