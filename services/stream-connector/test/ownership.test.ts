import { Kvm, KvWatchInclude } from '@nats-io/kv';
import { Buckets, type StreamLease } from '@rtms/contracts';
import { waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import {
  connectorTest,
  leaseOwner,
  lifecycleOf,
  metricValue,
  type Stack,
  transcriptsOf,
  waitForLive,
  waitForTranscripts,
} from './helpers/harness.js';

// Several replicas in one process (each with its own NATS connection): one owner per stream, hand-over on a
// graceful close, fencing when a lease is lost. Process-level kills are in process.test.ts.

async function startStreams(stack: Stack, count: number): Promise<string[]> {
  const meetings = stack.sim.startMeetings(count, { autoRtms: true, msPerWord: 60 });
  const ids = meetings.map((m) => m.streamIds[0] ?? '');
  for (const id of ids) await waitForLive(stack.sim, id);
  return ids;
}

describe('stream-connector - ownership across replicas', () => {
  connectorTest(
    'ownership - two replicas: each stream has exactly one owner; signals reach it wherever the webhook lands',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const [a, b] = [await stack.startApp(), await stack.startApp()];
      const ids = await startStreams(stack, 6);
      await waitFor(() => a.ownedStreams().length + b.ownedStreams().length === 6);
      const ownedA = new Set(a.ownedStreams());
      expect(b.ownedStreams().filter((id) => ownedA.has(id))).toEqual([]);
      for (const id of ids)
        expect(await leaseOwner(nats, id)).toBe(ownedA.has(id) ? a.replicaId : b.replicaId);

      // Both replicas consume webhooks from one durable consumer; each signal reaches the stream's owner.
      const [failed, stopped] = ids;
      stack.sim.failover(failed ?? '');
      stack.sim.stopRtms(stopped ?? '', 2);
      await waitFor(
        () =>
          stack.sim.stream(failed ?? '')?.serverId === 2 &&
          stack.sim.stream(failed ?? '')?.signalingConnected,
      );
      await waitFor(async () => (await lifecycleOf(nats, stopped ?? '')).some((l) => l.state === 'stopped'));
      await waitFor(() => a.ownedStreams().length + b.ownedStreams().length === 5);
    },
  );

  connectorTest(
    'ownership - a replica closing gracefully releases its streams and another takes over at once',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const a = await stack.startApp();
      const ids = await startStreams(stack, 3);
      await waitFor(() => a.ownedStreams().length === 3);
      const b = await stack.startApp();
      for (const id of ids) await waitForTranscripts(nats, id, 1);

      const kv = await new Kvm(nats.nc).open(Buckets.leases);
      const ops: string[] = [];
      const watch = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
      void (async () => {
        for await (const e of watch)
          ops.push(`${e.key}:${e.operation}:${e.operation === 'PUT' ? e.json<StreamLease>().owner : ''}`);
      })();
      await a.close();
      await waitFor(() => b.ownedStreams().length === 3);
      watch.stop();
      for (const id of ids) {
        // Released by a delete (not left to expire), then claimed by b.
        expect(ops).toContain(`${id}:DEL:`);
        expect(ops).toContain(`${id}:PUT:${b.replicaId}`);
        await waitForLive(stack.sim, id);
        const before = (await transcriptsOf(nats, id)).length;
        const after = await waitForTranscripts(nats, id, before + 1);
        expect(new Set(after.map((s) => s.segmentId)).size).toBe(after.length);
        const states = (await lifecycleOf(nats, id)).map((l) => `${l.state}:${l.reason ?? ''}:${l.owner}`);
        expect(states).toContain(`interrupted:shutdown:${a.replicaId}`);
        expect(states).toContain(`reconnecting:takeover:${b.replicaId}`);
        expect(states.at(-1)).toBe(`reconnected:takeover:${b.replicaId}`);
      }
    },
  );

  connectorTest(
    'ownership - a replica that loses its lease stops touching the stream (fencing)',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const a = await stack.startApp();
      const [id = ''] = await startStreams(stack, 1);
      await waitFor(() => a.ownedStreams().length === 1);
      // Someone else's lease (as after a network partition longer than the TTL).
      const kv = await new Kvm(nats.nc).open(Buckets.leases);
      const now = Date.now();
      await kv.put(id, JSON.stringify({ v: 1, owner: 'intruder', acquiredAt: now, renewedAt: now }));
      await waitFor(
        async () => (await metricValue(a, 'rtms_connector_lease_events_total', { event: 'lost' })) >= 1,
      );
      expect(a.ownedStreams()).toEqual([]);
      await waitFor(() => stack.sim.stream(id)?.signalingConnected === false);
      // The intruder never renews: its lease expires and the stream is claimed again.
      await waitFor(() => a.ownedStreams().length === 1, { timeoutMs: 8000 });
      await waitForLive(stack.sim, id);
    },
  );
});
