import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer, waitFor } from '@rtms/testkit';
import type { ZoomSimulator } from '@rtms/zoom-sim';
import { describe, expect, it } from 'vitest';
import { allOwnedBy, leaseOwners } from '../../src/chaos/leases.js';
import { startMeetingLoad, stopAndSettle } from '../../src/chaos/meeting-load.js';
import { scrapeMetric } from '../../src/chaos/metrics.js';
import { transcriptsAround } from '../../src/chaos/receipts.js';
import { recordFault } from '../../src/chaos/report.js';
import { type ServiceProcess, startSystem } from '../../src/chaos/system.js';

// Fault 3: three stream-connector replicas, the one owning 100 streams SIGKILLed. With the shipped lease TTL
// (5 s) the survivors claim every stream once its lease expires; each stream is live again under one owner,
// transcripts go on, nothing is stored twice. What the dead replica had read from Zoom but not yet had
// acknowledged by JetStream is gone (Zoom does not resend): that is not "lost", which counts acknowledged
// segments missing from the stream.

const STREAMS = 100;
const TRANSCRIPTS = 'rtms_connector_messages_total';

describe('fault - stream-connector replica owning 100 streams SIGKILLed', () => {
  it('fault 3 - survivors take every stream over under one owner each, transcripts go on, nothing doubled', async () => {
    const server = await startNatsServer();
    const system = await startSystem({ natsUrl: server.url });
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const jsm = await jetstreamManager(nc);
    try {
      await system.start('webhook-gateway');
      const victim = await system.start('stream-connector');
      const ids = await startMeetingLoad(system.sim, nc, STREAMS);
      await waitFor(() => allOwnedBy(jsm, ids, [victim.name]), {
        timeoutMs: 20_000,
        intervalMs: 250,
        what: `every stream owned by ${victim.name}`,
      });
      const survivors = [await system.start('stream-connector'), await system.start('stream-connector')];
      // The newcomers claim nothing that is held: the victim still owns all 100.
      expect(new Set((await leaseOwners(jsm, ids)).values())).toEqual(new Set([victim.name]));
      const sockets = new Map(ids.map((id) => [id, system.sim.stream(id)?.mediaSockets.length ?? 0]));

      const victimAcked = await scrapeMetric(victim.url, TRANSCRIPTS, { type: 'transcript' });
      const killedAt = Date.now();
      await victim.proc.stop('SIGKILL');
      const deadAt = Date.now();
      const names = survivors.map((s) => s.name);
      await waitFor(
        async () => ids.every((id) => isLive(system.sim, id, sockets)) && allOwnedBy(jsm, ids, names),
        { timeoutMs: 30_000, intervalMs: 100, what: 'every stream live again under a survivor' },
      );
      const recoveryMs = Date.now() - killedAt;

      // One owner per stream: each survivor runs exactly the streams whose lease names it.
      const owners = [...(await leaseOwners(jsm, ids)).values()];
      await waitFor(
        async () => {
          const owned = await Promise.all(survivors.map((s) => ownedBy(s)));
          return survivors.every((s, i) => owned[i] === owners.filter((o) => o === s.name).length);
        },
        { timeoutMs: 5000, what: "each survivor's owned streams = its leases" },
      );
      // Transcripts go on on every stream, received by the survivors.
      await waitFor(
        async () => {
          const { afterPerStream } = await transcriptsAround(nc, ids, deadAt);
          return ids.every((id) => (afterPerStream.get(id) ?? 0) > 0);
        },
        { timeoutMs: 30_000, intervalMs: 1000, what: 'a segment received by a survivor on every stream' },
      );
      // A second replica on a stream would be refused by Zoom (one signaling connection per stream).
      const reconnects = (cause: string) => sumOver(survivors, 'rtms_connector_reconnects_total', { cause });
      const [takeovers, duplicates, failedConnects] = await Promise.all(
        ['takeover', 'duplicate_signal', 'connect_failed'].map(reconnects),
      );
      const split = owners.filter((o) => o === names[0]).length;

      const { transcripts } = await stopAndSettle(system, nc, ids);
      const survivorsAcked = await sumOver(survivors, TRANSCRIPTS, { type: 'transcript' });
      const { before: victimStored, after: survivorsStored } = await transcriptsAround(nc, ids, deadAt);
      // Acknowledged: what the victim's JetStream acknowledged (every segment of its stored: the server
      // stored it, so it acknowledged it; its own counter had seen victimAcked of them before the kill) plus the
      // PubAcks the survivors counted. Lost: acknowledged and not stored, on either side of the kill.
      const lost = Math.max(0, victimAcked - victimStored) + Math.max(0, survivorsAcked - survivorsStored);
      const unacknowledged = transcripts.acknowledged - transcripts.stored;
      recordFault({
        id: 3,
        fault: 'SIGKILL the stream-connector replica owning 100 streams (3 replicas, shipped settings)',
        load: `${STREAMS} streams audio+transcript, all owned by the victim; survivors start empty`,
        acknowledged: Math.max(victimAcked, victimStored) + survivorsAcked,
        stored: transcripts.stored,
        lost,
        doubled: transcripts.doubled,
        recoveryMs,
        recovery: 'SIGKILL → every stream live in the simulator with its lease held by a survivor',
        notes:
          `transcripts: simulator wrote ${transcripts.acknowledged} to connector sockets, ${transcripts.stored} stored: ` +
          `${unacknowledged} were read by the victim (or in its socket buffers) and never PubAck'd, Zoom does not resend; ` +
          `lost = PubAck'd but not stored: victim ${victimAcked} PubAcks counted before the kill vs ${victimStored} stored ` +
          `received before its death, survivors ${survivorsAcked} PubAcks (rtms_connector_messages_total) vs ` +
          `${survivorsStored} stored received after; streams split ${split}/${STREAMS - split}, ${takeovers} takeovers, ` +
          `${duplicates} duplicate-signaling refusals, ${failedConnects} failed connects`,
      });
      expect({ lost, doubled: transcripts.doubled }).toEqual({ lost: 0, doubled: 0 });
      expect(duplicates).toBe(0);
    } finally {
      await system.close();
      await nc.close();
      await server.dispose();
    }
  });
});

/** Live in the simulator: active, signaling connected, the same media sockets as before the kill, all ready. */
function isLive(sim: ZoomSimulator, id: string, sockets: ReadonlyMap<string, number>): boolean {
  const s = sim.stream(id);
  return (
    s?.state === 'active' &&
    s.signalingConnected &&
    s.mediaSockets.length === sockets.get(id) &&
    s.mediaSockets.every((m) => m.ready)
  );
}

const ownedBy = (s: ServiceProcess) => scrapeMetric(s.url, 'rtms_connector_streams_owned');

async function sumOver(services: readonly ServiceProcess[], name: string, labels: Record<string, string>) {
  const values = await Promise.all(services.map((s) => scrapeMetric(s.url, name, labels)));
  return values.reduce((a, v) => a + (Number.isNaN(v) ? 0 : v), 0);
}
