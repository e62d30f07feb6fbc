import { JetStreamApiError } from '@nats-io/jetstream';
import { ReplicaCountError } from './errors.js';

/** How provisioning treats the replica count of a stream or KV bucket that already exists. */
export interface ReplicaPolicy {
  /** Replicas wanted (NATS_REPLICAS): new streams get this; existing ones are raised to it. */
  replicas: number;
  /** Lower an existing stream that has more replicas than wanted (default: keep the operator's higher value). */
  allowLower: boolean;
}

export interface ReplicaDecision {
  /** The replica count the stream should have after provisioning. */
  target: number;
  /** True when the stream keeps more replicas than wanted (an operator raised it; never undone silently). */
  keptHigher?: true;
}

/** The replica count to apply to an existing stream that has `have` replicas. */
export function decideReplicas(have: number | undefined, policy: ReplicaPolicy): ReplicaDecision {
  const current = have && have > 0 ? have : 1;
  if (current > policy.replicas && !policy.allowLower) {
    return { target: current, keptHigher: true };
  }
  return { target: policy.replicas };
}

// JetStream API error codes (nats-server errors.json) that mean "this server or cluster cannot hold that many
// replicas": not clustered, or fewer servers (or JetStream-enabled peers) than replicas.
const REPLICA_ERRORS: Record<number, string> = {
  10074: 'the NATS server is not part of a cluster',
  10023: 'the cluster has fewer JetStream servers than that',
  10005: 'the cluster has fewer JetStream servers than that',
};

/**
 * An error that explains a failed create/update when the cause is the replica count, so the operator sees
 * the setting to change; other errors are returned as they are.
 */
export function explainReplicaError(err: unknown, replicas: number): unknown {
  if (!(err instanceof JetStreamApiError)) return err;
  const why = REPLICA_ERRORS[err.code];
  if (!why || replicas <= 1) return err;
  return new ReplicaCountError(replicas, why, { cause: err });
}
