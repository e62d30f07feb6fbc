import {
  Buckets,
  bucketSpecs,
  type ConsumerSpec,
  Consumers,
  consumerSpecs,
  Streams,
  streamSpecs,
} from '@rtms/contracts';
import type { Topology } from '@rtms/nats';

const STREAMS: readonly string[] = [Streams.webhooks, Streams.control, Streams.schedule, Streams.deadLetters];
const CONSUMERS: readonly string[] = [Consumers.zoomApiWebhooks, Consumers.zoomApiSchedule];

/** What zoom-api reads and writes: provisioned (idempotently) by every replica at start-up. */
export function zoomApiTopology(): Topology {
  return {
    streams: streamSpecs().filter((s) => STREAMS.includes(s.name)),
    consumers: consumerSpecs().filter((c) => CONSUMERS.includes(c.durable)),
    buckets: bucketSpecs().filter((b) => b.name === Buckets.stopCancels),
  };
}

/** A zoom-api consumer's spec (its ack wait sets the in-progress heartbeat). */
export function consumerSpec(durable: string): ConsumerSpec {
  const spec = consumerSpecs().find((c) => c.durable === durable);
  if (!spec) throw new Error(`no consumer spec named '${durable}' in contracts`);
  return spec;
}
