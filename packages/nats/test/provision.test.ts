import { bucketSpecs, consumerSpecs, streamSpecs } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { natsTest } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { ProvisionError, provisionTopology } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });
const topology = { streams: streamSpecs(), consumers: consumerSpecs(), buckets: bucketSpecs() };

describe('nats - provisionTopology', () => {
  natsTest('creates every stream, consumer and bucket from contracts', async ({ nats }) => {
    const report = await provisionTopology(nats.nc, topology, logger);
    const expected = topology.streams.length + topology.consumers.length + topology.buckets.length;
    expect(report.created).toHaveLength(expected);
    const info = await nats.jsm.streams.info('ZOOM_WEBHOOKS');
    expect(info.config.subjects).toEqual(['zoom.webhook.>']);
    expect(info.config.duplicate_window).toBe(3 * 3600 * 1e9);
    expect((await nats.jsm.streams.info('KV_rtms-leases')).config.max_age).toBe(5 * 1e9);
    expect((await nats.jsm.consumers.info('ZOOM_WEBHOOKS', 'zoom-api')).config.ack_policy).toBe('explicit');
  });

  natsTest('is idempotent: a second run changes nothing', async ({ nats }) => {
    await provisionTopology(nats.nc, topology, logger);
    const before = await nats.jsm.streams.info('RTMS_TRANSCRIPTS');
    const second = await provisionTopology(nats.nc, topology, logger);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toHaveLength(
      topology.streams.length + topology.consumers.length + topology.buckets.length,
    );
    const after = await nats.jsm.streams.info('RTMS_TRANSCRIPTS');
    expect(after.created).toBe(before.created);
  });

  natsTest('tolerates concurrent runs (every replica provisions at start-up)', async ({ nats }) => {
    const other = await nats.connect('replica-2');
    const results = await Promise.allSettled([
      provisionTopology(nats.nc, topology, logger),
      provisionTopology(other, topology, logger),
    ]);
    // A run may lose a create race and report an error; a retry must then converge.
    if (results.some((r) => r.status === 'rejected')) await provisionTopology(nats.nc, topology, logger);
    const again = await provisionTopology(nats.nc, topology, logger);
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
  });

  natsTest('updates drift in place and keeps the data', async ({ nats }) => {
    await provisionTopology(nats.nc, topology, logger);
    await nats.js.publish('rtms.transcript.abc', '{}');
    const longer = {
      ...topology,
      streams: topology.streams.map((s) =>
        s.name === 'RTMS_TRANSCRIPTS' ? { ...s, maxAgeMs: s.maxAgeMs * 2 } : s,
      ),
    };
    const report = await provisionTopology(nats.nc, longer, logger);
    expect(report.updated).toEqual(['stream RTMS_TRANSCRIPTS']);
    const info = await nats.jsm.streams.info('RTMS_TRANSCRIPTS');
    expect(info.state.messages).toBe(1);
  });

  natsTest('refuses a change that cannot be made in place, naming the stream', async ({ nats }) => {
    await provisionTopology(nats.nc, topology, logger);
    const changed = {
      streams: topology.streams
        .filter((s) => s.name === 'RTMS_CHAT')
        .map((s) => ({ ...s, retention: 'workqueue' as const })),
    };
    const err = await provisionTopology(nats.nc, changed, logger).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisionError);
    expect((err as ProvisionError).message).toBe('could not provision stream RTMS_CHAT');
    expect(String((err as ProvisionError).cause)).toContain('cannot change in place');
  });
});
