import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { describe, expect } from 'vitest';
import { clusterNatsTest, waitFor } from '../src/index.js';

// The cluster fixture itself: three real nats-server processes with routes, JetStream replicated across them.

async function publishAll(nc: NatsConnection, subject: string, from: number, count: number) {
  const js = jetstream(nc);
  for (let i = from; i < from + count; i++) await js.publish(subject, String(i), { msgID: `m-${i}` });
}

describe('testkit - NATS cluster', () => {
  clusterNatsTest(
    'cluster - a replicated stream survives a SIGKILL of its leader; the restarted node catches up',
    async ({ nats, natsCluster }) => {
      await nats.jsm.streams.add({ name: 'R3', subjects: ['r3.>'], num_replicas: 3 });
      await publishAll(nats.nc, 'r3.a', 0, 100);
      const before = await nats.jsm.streams.info('R3');
      expect(before.cluster?.replicas).toHaveLength(2);
      const leader = before.cluster?.leader as string;
      expect(natsCluster.nodes.map((n) => n.name)).toContain(leader);

      await natsCluster.node(leader).kill();
      // A new leader among the two others, and every acknowledged message is still there.
      const after = await waitFor(
        async () => {
          const info = await nats.jsm.streams.info('R3');
          return info.cluster?.leader && info.cluster.leader !== leader ? info : undefined;
        },
        { timeoutMs: 30_000, what: 'a new stream leader' },
      );
      expect(after.state.messages).toBe(100);
      await waitFor(() => publishAll(nats.nc, 'r3.a', 100, 50).then(() => true), {
        timeoutMs: 30_000,
        what: 'publishing on the new leader',
      });

      await natsCluster.node(leader).start();
      const caughtUp = await waitFor(
        async () => {
          const info = await nats.jsm.streams.info('R3');
          const peer = info.cluster?.replicas?.find((r) => r.name === leader);
          return peer?.current && !peer.lag ? info : undefined;
        },
        { timeoutMs: 30_000, what: `${leader} to catch up` },
      );
      expect(caughtUp.state.messages).toBe(150);
    },
  );

  clusterNatsTest(
    'cluster - an isolated node loses the cluster; the majority keeps serving; healed, it rejoins',
    async ({ nats, natsCluster }) => {
      await nats.jsm.streams.add({ name: 'P3', subjects: ['p3.>'], num_replicas: 3 });
      await publishAll(nats.nc, 'p3.a', 0, 20);
      const [isolated, ...majority] = natsCluster.nodes;
      if (!isolated) throw new Error('no nodes');
      await natsCluster.isolate(isolated.name);

      // Through a majority node the stream keeps taking writes.
      const nc = await connect({ servers: majority.map((n) => n.url) });
      try {
        await waitFor(() => publishAll(nc, 'p3.a', 20, 20).then(() => true), {
          timeoutMs: 30_000,
          what: 'publishing on the majority side',
        });
        // The isolated node has no quorum: JetStream does not answer through it.
        const alone = await connect({ servers: isolated.url });
        const alive = await jetstreamManager(alone, { timeout: 1000 })
          .then((m) => m.streams.info('P3'))
          .then(
            () => true,
            () => false,
          );
        await alone.close();
        expect(alive).toBe(false);

        await natsCluster.heal(isolated.name);
        const jsm = await jetstreamManager(nc);
        const info = await waitFor(
          async () => {
            const i = await jsm.streams.info('P3');
            const peer = i.cluster?.replicas?.find((r) => r.name === isolated.name);
            return peer?.current && !peer.lag ? i : undefined;
          },
          { timeoutMs: 30_000, what: `${isolated.name} to rejoin` },
        );
        expect(info.state.messages).toBe(40);
      } finally {
        await nc.close();
      }
    },
  );
});
