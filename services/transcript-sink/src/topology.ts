import {
  Streams,
  streamSpecs,
  transcriptSinkConsumerSpec,
  transcriptSinkLifecycleConsumerSpec,
  transcriptSinkSeenBucketSpec,
} from '@rtms/contracts';
import type { Topology } from '@rtms/nats';
import type { SinkConfig } from './config.js';

const STREAMS: readonly string[] = [Streams.transcripts, Streams.events, Streams.deadLetters];

/**
 * What one sink needs in JetStream: the streams it reads (and dead-letters to), its redelivery guard bucket,
 * its transcript consumer and its lifecycle consumer.
 */
export function sinkTopology(
  config: Pick<SinkConfig, 'TRANSCRIPT_SINK_CONSUMER' | 'TRANSCRIPT_DIR'>,
): Topology {
  const durable = config.TRANSCRIPT_SINK_CONSUMER;
  return {
    streams: streamSpecs().filter((s) => STREAMS.includes(s.name)),
    buckets: [transcriptSinkSeenBucketSpec()],
    consumers: [transcriptSinkConsumerSpec(durable), transcriptSinkLifecycleConsumerSpec(durable)],
  };
}
