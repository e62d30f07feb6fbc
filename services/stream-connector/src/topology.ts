import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Buckets, bucketSpecs, Consumers, consumerSpecs, Streams, streamSpecs } from '@rtms/contracts';
import type { Topology } from '@rtms/nats';

/**
 * What the connector reads and writes: webhooks in; transcripts, chat, events out; registry, leases, heartbeats;
 * recorded media (RTMS_MEDIA) when recording is on.
 */
export function connectorTopology(leaseTtlMs: number, recording?: { mediaRetentionMs: number }): Topology {
  const streams: string[] = [
    Streams.webhooks,
    Streams.transcripts,
    Streams.chat,
    Streams.events,
    Streams.deadLetters,
    ...(recording ? [Streams.media] : []),
  ];
  const buckets: string[] = [Buckets.streams, Buckets.leases, Buckets.replicas];
  return {
    streams: streamSpecs(recording).filter((s) => streams.includes(s.name)),
    consumers: consumerSpecs().filter((c) => c.durable === Consumers.connectorWebhooks),
    buckets: bucketSpecs({ leaseTtlMs }).filter((b) => buckets.includes(b.name)),
  };
}

/** `<hostname>-<pid>-<random>`: unique per process, readable in leases and logs. */
export function defaultReplicaId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 40) || 'connector';
  return `${host}-${process.pid}-${randomBytes(2).toString('hex')}`;
}
