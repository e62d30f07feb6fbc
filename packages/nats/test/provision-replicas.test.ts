import type { JetStreamManager } from '@nats-io/jetstream';
import { bucketSpecs, consumerSpecs, streamSpecs } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { clusterNatsTest, isolatedNatsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { ProvisionError, provisionTopology, ReplicaCountError } from '../src/index.js';

// NATS_REPLICAS on a real 3-node cluster: what provisioning creates, raises, keeps and lowers.

const logger = createLogger({ service: 'test', level: 'silent' });
const topology = { streams: streamSpecs(), consumers: consumerSpecs(), buckets: bucketSpecs() };
const allStreams = [...topology.streams.map((s) => s.name), ...topology.buckets.map((b) => `KV_${b.name}`)];

/** Replicas a stream really has on the cluster (leader + followers), once every peer is assigned. */
async function placed(jsm: JetStreamManager, stream: string): Promise<number> {
  const info = await jsm.streams.info(stream);
  return info.cluster?.leader ? 1 + (info.cluster.replicas?.length ?? 0) : 0;
}

describe('nats - provisionTopology replicas', () => {
  clusterNatsTest(
    'replicas - NATS_REPLICAS=3 creates every stream, bucket and consumer with 3 replicas',
    async ({ nats }) => {
      await provisionTopology(nats.nc, { ...topology, replicas: 3 }, logger);
      for (const name of allStreams) {
        expect((await nats.jsm.streams.info(name)).config.num_replicas, name).toBe(3);
        await waitFor(async () => (await placed(nats.jsm, name)) === 3, { what: `${name} on 3 peers` });
      }
      for (const c of topology.consumers) {
        const info = await nats.jsm.consumers.info(c.stream, c.durable);
        expect(1 + (info.cluster?.replicas?.length ?? 0), `${c.stream}/${c.durable}`).toBe(3);
      }
    },
  );

  clusterNatsTest(
    'replicas - a single-replica topology is raised to 3 in place, with its data and consumers',
    async ({ nats }) => {
      await provisionTopology(nats.nc, { ...topology, replicas: 1 }, logger);
      for (let i = 0; i < 10; i++) await nats.js.publish(`rtms.transcript.s${i}`, '{}', { msgID: `t${i}` });
      const report = await provisionTopology(nats.nc, { ...topology, replicas: 3 }, logger);
      expect(report.updated.sort()).toEqual(
        [
          ...topology.streams.map((s) => `stream ${s.name}`),
          ...topology.buckets.map((b) => `bucket ${b.name}`),
        ].sort(),
      );
      for (const name of allStreams) {
        await waitFor(async () => (await placed(nats.jsm, name)) === 3, { what: `${name} on 3 peers` });
      }
      expect((await nats.jsm.streams.info('RTMS_TRANSCRIPTS')).state.messages).toBe(10);
      const consumer = await waitFor(
        async () => {
          const info = await nats.jsm.consumers.info('ZOOM_WEBHOOKS', 'zoom-api');
          return info.cluster?.replicas?.length === 2 ? info : undefined;
        },
        { what: 'the zoom-api consumer on 3 peers' },
      );
      expect(consumer.config.durable_name).toBe('zoom-api');
    },
  );

  clusterNatsTest(
    "replicas - an operator's higher count survives a restart with NATS_REPLICAS=1, also when other fields drift",
    async ({ nats }) => {
      await provisionTopology(nats.nc, { ...topology, replicas: 1 }, logger);
      const raised = { ...(await nats.jsm.streams.info('RTMS_TRANSCRIPTS')).config, num_replicas: 3 };
      await nats.jsm.streams.update('RTMS_TRANSCRIPTS', raised);
      await waitFor(async () => (await placed(nats.jsm, 'RTMS_TRANSCRIPTS')) === 3, { what: 'the raise' });

      const same = await provisionTopology(nats.nc, { ...topology, replicas: 1 }, logger);
      expect(same.updated).toEqual([]);
      const drifted = {
        ...topology,
        replicas: 1,
        streams: topology.streams.map((s) =>
          s.name === 'RTMS_TRANSCRIPTS' ? { ...s, maxAgeMs: s.maxAgeMs * 2 } : s,
        ),
      };
      expect((await provisionTopology(nats.nc, drifted, logger)).updated).toEqual([
        'stream RTMS_TRANSCRIPTS',
      ]);
      const info = await nats.jsm.streams.info('RTMS_TRANSCRIPTS');
      expect(info.config.num_replicas).toBe(3);
      const base = topology.streams.find((s) => s.name === 'RTMS_TRANSCRIPTS')?.maxAgeMs ?? 0;
      expect(info.config.max_age).toBe(2 * base * 1e6);

      // Asked explicitly, provisioning lowers it.
      await provisionTopology(nats.nc, { ...drifted, allowLowerReplicas: true }, logger);
      expect((await nats.jsm.streams.info('RTMS_TRANSCRIPTS')).config.num_replicas).toBe(1);
    },
  );

  isolatedNatsTest(
    'replicas - NATS_REPLICAS=3 on a single server fails with an error that names the setting',
    async ({ nats }) => {
      const err = await provisionTopology(nats.nc, { ...topology, replicas: 3 }, logger).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ProvisionError);
      const cause = (err as ProvisionError).cause;
      expect(cause).toBeInstanceOf(ReplicaCountError);
      expect(String((cause as Error).message)).toContain('NATS_REPLICAS=3 cannot be met');
    },
  );
});
