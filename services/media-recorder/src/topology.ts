import { recorderLeasesBucketSpec, Streams, streamSpecs } from '@rtms/contracts';
import type { Topology } from '@rtms/nats';
import type { RecorderConfig } from './config.js';

/**
 * What the recorder needs in JetStream: RTMS_MEDIA and the leases bucket. Each recorded stream's durable is
 * created when a replica claims the stream; the rtms-recordings object store is opened (created with
 * NATS_REPLICAS) by the app: provisioning knows streams, consumers and KV buckets.
 */
export function recorderTopology(
  config: Pick<RecorderConfig, 'RTMS_MEDIA_RETENTION_MS' | 'RECORDING_LEASE_TTL_MS'>,
): Topology {
  return {
    streams: streamSpecs({ mediaRetentionMs: config.RTMS_MEDIA_RETENTION_MS }).filter(
      (s) => s.name === Streams.media,
    ),
    buckets: [recorderLeasesBucketSpec(config.RECORDING_LEASE_TTL_MS)],
  };
}
