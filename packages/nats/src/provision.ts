import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import type { BucketSpec, ConsumerSpec, StreamSpec } from '@rtms/contracts';
import type { Logger } from 'pino';
import { ProvisionError } from './errors.js';
import { decideReplicas, explainReplicaError, type ReplicaPolicy } from './replicas.js';
import { retryTransient } from './transient.js';

export interface Topology {
  streams?: readonly StreamSpec[];
  consumers?: readonly ConsumerSpec[];
  buckets?: readonly BucketSpec[];
  /** Replicas per stream/bucket (NATS_REPLICAS): 1 for a single server, 3 for a production cluster. */
  replicas?: number;
  /**
   * Lower existing streams/buckets that have more replicas than `replicas` (NATS_REPLICAS_ALLOW_LOWER).
   * Default false: a higher count an operator set is kept, and logged.
   */
  allowLowerReplicas?: boolean;
  /** How long to retry steps that fail while a cluster settles (leader elections), in ms (default 30 s). */
  settleTimeoutMs?: number;
}

export interface ProvisionReport {
  created: string[];
  updated: string[];
  unchanged: string[];
}

const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

/**
 * Makes the server match the topology: creates what is missing, updates what drifted (fields that can be
 * changed in place, replicas included: raised to `replicas`, lowered only when `allowLowerReplicas`), leaves
 * the rest alone. Running it twice gives the same result; every replica of every service runs it at start-up,
 * so it must also tolerate a concurrent run.
 */
export async function provisionTopology(
  nc: NatsConnection,
  topology: Topology,
  logger: Logger,
): Promise<ProvisionReport> {
  const log = logger.child({ component: 'provision' });
  const jsm = await jetstreamManager(nc);
  const report: ProvisionReport = { created: [], updated: [], unchanged: [] };
  const policy: ReplicaPolicy = {
    replicas: topology.replicas ?? 1,
    allowLower: topology.allowLowerReplicas ?? false,
  };
  /** The replica count an existing stream/bucket should have; a kept higher count is logged. */
  const replicasFor = (resource: string, have: number | undefined) => {
    const decision = decideReplicas(have, policy);
    if (decision.keptHigher)
      log.warn(
        { resource, replicas: decision.target, wanted: policy.replicas },
        'kept the higher replica count set on the server (NATS_REPLICAS_ALLOW_LOWER=true lowers it)',
      );
    return decision.target;
  };
  const ctx = { jsm, nc, policy, report, replicasFor };
  const retry = (what: string, step: () => Promise<void>) =>
    retryTransient(what, step, log, topology.settleTimeoutMs);
  for (const spec of topology.streams ?? []) await retry(spec.name, () => ensureStream(ctx, spec));
  for (const spec of topology.buckets ?? []) await retry(spec.name, () => ensureBucket(ctx, spec));
  for (const spec of topology.consumers ?? [])
    await retry(spec.durable, () => ensureConsumer(jsm, spec, report));
  log.info({ ...report, replicas: policy.replicas }, 'JetStream topology provisioned');
  return report;
}

interface Ctx {
  jsm: JetStreamManager;
  nc: NatsConnection;
  policy: ReplicaPolicy;
  report: ProvisionReport;
  replicasFor: (resource: string, have: number | undefined) => number;
}

function streamConfig(spec: StreamSpec, replicas: number): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    description: spec.description,
    subjects: [...spec.subjects],
    storage: spec.storage === 'file' ? StorageType.File : StorageType.Memory,
    retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(spec.maxAgeMs),
    duplicate_window: nanos(spec.duplicateWindowMs),
    num_replicas: replicas,
    ...(spec.maxMsgSize ? { max_msg_size: spec.maxMsgSize } : {}),
  };
}

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

async function ensureStream({ jsm, policy, report, replicasFor }: Ctx, spec: StreamSpec) {
  const want = streamConfig(spec, policy.replicas);
  const resource = `stream ${spec.name}`;
  try {
    let info: Awaited<ReturnType<JetStreamManager['streams']['info']>> | undefined;
    try {
      info = await jsm.streams.info(spec.name);
    } catch (err) {
      if (!isApiError(err, STREAM_NOT_FOUND)) throw err;
    }
    if (!info) {
      await jsm.streams.add(want);
      report.created.push(resource);
      return;
    }
    const have = info.config;
    want.num_replicas = replicasFor(resource, have.num_replicas);
    if (have.retention !== want.retention || have.storage !== want.storage) {
      throw new Error(
        `retention/storage differ (have ${have.retention}/${have.storage}, want ${want.retention}/${want.storage}); ` +
          'they cannot change in place: back up and delete the stream, then start again',
      );
    }
    const drifted =
      have.description !== want.description ||
      JSON.stringify([...have.subjects].sort()) !== JSON.stringify([...(want.subjects ?? [])].sort()) ||
      have.max_age !== want.max_age ||
      have.duplicate_window !== want.duplicate_window ||
      (want.max_msg_size !== undefined && have.max_msg_size !== want.max_msg_size) ||
      (have.num_replicas || 1) !== want.num_replicas;
    if (!drifted) {
      report.unchanged.push(resource);
      return;
    }
    await jsm.streams.update(spec.name, { ...have, ...want } as StreamConfig);
    report.updated.push(resource);
  } catch (err) {
    throw new ProvisionError(resource, { cause: explainReplicaError(err, want.num_replicas ?? 1) });
  }
}

async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec, report: ProvisionReport) {
  const resource = `consumer ${spec.stream}/${spec.durable}`;
  const want: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    description: spec.description,
    ack_policy: spec.ackPolicy === 'all' ? AckPolicy.All : AckPolicy.Explicit,
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    max_ack_pending: spec.maxAckPending,
    deliver_policy: spec.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    ...(spec.filterSubject ? { filter_subject: spec.filterSubject } : {}),
  };
  try {
    let have: ConsumerConfig | undefined;
    try {
      have = (await jsm.consumers.info(spec.stream, spec.durable)).config;
    } catch (err) {
      if (!isApiError(err, CONSUMER_NOT_FOUND)) throw err;
    }
    if (!have) {
      await jsm.consumers.add(spec.stream, want);
      report.created.push(resource);
      return;
    }
    const drifted =
      have.description !== want.description ||
      have.ack_wait !== want.ack_wait ||
      have.max_deliver !== want.max_deliver ||
      have.max_ack_pending !== want.max_ack_pending;
    if (!drifted) {
      report.unchanged.push(resource);
      return;
    }
    const { deliver_policy: _fixed, ...mutable } = want;
    await jsm.consumers.update(spec.stream, spec.durable, mutable);
    report.updated.push(resource);
  } catch (cause) {
    throw new ProvisionError(resource, { cause });
  }
}

async function ensureBucket({ jsm, nc, policy, report, replicasFor }: Ctx, spec: BucketSpec) {
  const resource = `bucket ${spec.name}`;
  const streamName = `KV_${spec.name}`;
  let replicas = policy.replicas;
  try {
    let have: StreamConfig | undefined;
    try {
      have = (await jsm.streams.info(streamName)).config;
    } catch (err) {
      if (!isApiError(err, STREAM_NOT_FOUND)) throw err;
    }
    if (!have) {
      await new Kvm(nc).create(spec.name, {
        description: spec.description,
        history: spec.history,
        ttl: spec.ttlMs,
        replicas: policy.replicas,
        storage: spec.storage === 'file' ? StorageType.File : StorageType.Memory,
      });
      report.created.push(resource);
      return;
    }
    replicas = replicasFor(resource, have.num_replicas);
    const maxAge = nanos(spec.ttlMs);
    if (
      have.max_age === maxAge &&
      have.max_msgs_per_subject === spec.history &&
      have.description === spec.description &&
      (have.num_replicas || 1) === replicas
    ) {
      report.unchanged.push(resource);
      return;
    }
    await jsm.streams.update(streamName, {
      ...have,
      description: spec.description,
      max_age: maxAge,
      max_msgs_per_subject: spec.history,
      num_replicas: replicas,
    });
    report.updated.push(resource);
  } catch (err) {
    throw new ProvisionError(resource, { cause: explainReplicaError(err, replicas) });
  }
}
