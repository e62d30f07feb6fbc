import { Consumers, consumerSpecs, Streams, streamSpecs } from '@rtms/contracts';
import type { Topology } from '@rtms/nats';
import type { RecorderConfig } from './config.js';

/**
 * What the recorder needs in JetStream: RTMS_MEDIA and its durable consumer. The rtms-recordings object store
 * is opened (created with NATS_REPLICAS) by the app: provisioning knows streams, consumers and KV buckets.
 */
export function recorderTopology(config: Pick<RecorderConfig, 'RTMS_MEDIA_RETENTION_MS'>): Topology {
  return {
    streams: streamSpecs({ mediaRetentionMs: config.RTMS_MEDIA_RETENTION_MS }).filter(
      (s) => s.name === Streams.media,
    ),
    consumers: consumerSpecs().filter((c) => c.durable === Consumers.mediaRecorder),
  };
}
