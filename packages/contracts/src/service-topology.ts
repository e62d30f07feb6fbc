import { Buckets, Consumers, Streams } from './names.js';
import { recordingStreamFilter } from './recording.js';
import { type BucketSpec, type ConsumerSpec, TopologyDefaults, type TopologyOptions } from './topology.js';

// The consumers and buckets one service provisions for itself, with parameters (a sink's durable name, a
// recorded stream's id); the shared topology is in topology.ts.

/**
 * The media recorder's durable for one recorded stream: its media and marks (`rtms.recording.*.<id>`, one
 * filter subject), acknowledged (ack all) at each checkpoint once stored. One per stream, so replicas share the
 * streams (the holder of the stream's lease in `media-recorder-leases` reads it) and a slow stream holds back
 * only its own acknowledgements; deleted once the recording is finalised.
 */
export function recorderConsumerSpec(streamId: string): ConsumerSpec {
  return {
    stream: Streams.media,
    durable: `${Consumers.mediaRecorder}-${streamId}`,
    description: 'media-recorder: one recorded stream, acknowledged at each checkpoint',
    filterSubject: recordingStreamFilter(streamId),
    // A recorder killed between two checkpoints: the next lease holder reads again from the ack floor.
    ackWaitMs: 60_000,
    maxDeliver: -1,
    maxAckPending: 100_000,
    deliverPolicy: 'all',
    ackPolicy: 'all',
  };
}

/** The recorder replicas' stream leases (bucket-wide TTL: a dead replica's leases expire). */
export function recorderLeasesBucketSpec(ttlMs: number = TopologyDefaults.recorderLeaseTtlMs): BucketSpec {
  return {
    name: Buckets.recorderLeases,
    description: 'media-recorder: which replica writes which recorded stream',
    ttlMs,
    history: 1,
    storage: 'file',
  };
}

/**
 * The durable consumer of one transcript sink; the name is configurable so independent sinks coexist.
 * One segment in flight at a time: after a crash nothing newer is delivered before the segment that was in
 * hand (redelivered after the short ack wait), so the transcript goes on in order where it stopped.
 */
export function transcriptSinkConsumerSpec(durable: string = Consumers.transcriptSink): ConsumerSpec {
  return {
    stream: Streams.transcripts,
    durable,
    description: 'transcript-sink: log (and file) every transcript segment',
    filterSubject: 'rtms.transcript.>',
    // A segment takes milliseconds to write; a crashed sink's segment comes back this soon.
    ackWaitMs: 5_000,
    maxDeliver: -1,
    maxAckPending: 1,
    deliverPolicy: 'all',
  };
}

/**
 * The lifecycle consumer of one transcript sink (it logs the end of a stream's transcript and writes its
 * WebVTT/SRT files). Its name is derived from the sink's transcript consumer, so one setting names both.
 */
export function transcriptSinkLifecycleConsumerSpec(
  sinkDurable: string = Consumers.transcriptSink,
): ConsumerSpec {
  return {
    stream: Streams.events,
    durable: `${sinkDurable}-lifecycle`,
    description: 'transcript-sink: stream lifecycle (end of a transcript, caption files)',
    filterSubject: 'rtms.lifecycle.>',
    ackWaitMs: 30_000,
    maxDeliver: -1,
    maxAckPending: 100,
    deliverPolicy: 'all',
  };
}

/**
 * Segments each transcript sink has logged, keyed `<sink consumer>.<rtms_stream_id>.<segment hash>`: a
 * redelivered segment is recognised and not logged twice. Entries live as long as the transcripts.
 */
export function transcriptSinkSeenBucketSpec(options: TopologyOptions = {}): BucketSpec {
  const o = { ...TopologyDefaults, ...options };
  return {
    name: Buckets.transcriptSinkSeen,
    description: 'transcript-sink: segments already logged, per sink consumer',
    ttlMs: o.transcriptRetentionMs,
    history: 1,
    storage: 'file',
  };
}
