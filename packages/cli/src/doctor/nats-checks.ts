import { AckPolicy, DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { Svcm } from '@nats-io/services';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import {
  bucketSpecs,
  consumerSpecs,
  Services,
  Streams,
  streamSpecs,
  transcriptSinkConsumerSpec,
  transcriptSinkLifecycleConsumerSpec,
  transcriptSinkSeenBucketSpec,
} from '@rtms/contracts';
import { type CheckLine, fail, pass } from './check.js';

// The NATS side of `rtms doctor`: JetStream on, every stream, durable consumer and KV bucket of the contracts
// present with at least NATS_REPLICAS replicas, zoom-api's control service answering, and this machine's
// clock against the server's.

/**
 * Streams provisioned only when a feature is on: absent is fine. The recording stream (`Streams.media`,
 * RTMS_MEDIA) exists only with recording enabled (docs/media-recorder.md); looked up by key so this also
 * builds against contracts without it.
 */
const OPTIONAL_STREAMS = new Set([(Streams as Record<string, string>).media].filter(Boolean));

const PROVISION_FIX =
  'start the services once (npm start or docker compose up): each provisions its streams at start-up';

export async function jetstreamCheck(jsm: JetStreamManager): Promise<CheckLine> {
  try {
    const info = await jsm.getAccountInfo();
    return pass('JetStream', `enabled (${info.streams} streams, ${info.consumers} consumers)`);
  } catch (err) {
    return fail(
      'JetStream',
      `not available: ${(err as Error).message}`,
      'run nats-server with JetStream on (-js, or jetstream {} in its config)',
    );
  }
}

async function replicasOf(jsm: JetStreamManager, stream: string): Promise<number | undefined> {
  try {
    return (await jsm.streams.info(stream)).config.num_replicas;
  } catch {
    return undefined;
  }
}

export async function topologyChecks(jsm: JetStreamManager, replicas: number): Promise<CheckLine[]> {
  const streams = [
    ...streamSpecs().map((s) => ({ label: `stream ${s.name}`, stream: s.name })),
    ...[...bucketSpecs(), transcriptSinkSeenBucketSpec()].map((b) => ({
      label: `KV ${b.name}`,
      stream: `KV_${b.name}`,
    })),
  ];
  const lines = await Promise.all(
    streams.map(async ({ label, stream }) => {
      const found = await replicasOf(jsm, stream);
      if (found === undefined && OPTIONAL_STREAMS.has(stream))
        return pass(label, 'absent (only provisioned when its feature is on)');
      if (found === undefined) return fail(label, 'missing', PROVISION_FIX);
      if (found < replicas)
        return fail(
          label,
          `${found} replica${found === 1 ? '' : 's'}, NATS_REPLICAS is ${replicas}`,
          `restart the services with NATS_REPLICAS=${replicas} on a cluster of at least ${replicas} JetStream servers (docs/operations.md)`,
        );
      return pass(label, `${found} replica${found === 1 ? '' : 's'}`);
    }),
  );
  const consumers = [...consumerSpecs(), transcriptSinkConsumerSpec(), transcriptSinkLifecycleConsumerSpec()];
  const consumerLines = await Promise.all(
    consumers.map(async (c) => {
      const label = `consumer ${c.stream}/${c.durable}`;
      try {
        const info = await jsm.consumers.info(c.stream, c.durable);
        return pass(label, `present, ${info.num_pending} pending, ${info.num_ack_pending} in flight`);
      } catch {
        if (OPTIONAL_STREAMS.has(c.stream))
          return pass(label, 'absent (only provisioned when its feature is on)');
        return fail(label, 'missing', PROVISION_FIX);
      }
    }),
  );
  return [...lines, ...consumerLines];
}

export async function controlServiceCheck(nc: NatsConnection): Promise<CheckLine> {
  const label = 'zoom-api control service';
  try {
    const client = new Svcm(nc).client({ strategy: 'timer', maxWait: 2000 });
    const found: string[] = [];
    for await (const s of await client.ping(Services.zoomApi)) found.push(s.id);
    if (found.length > 0)
      return pass(label, `${found.length} instance${found.length === 1 ? '' : 's'} answered $SRV.PING`);
  } catch {
    // no answer is reported below
  }
  return fail(
    label,
    'no instance answered $SRV.PING.zoom-api',
    'start zoom-api connected to this NATS (rtms start/stop need it)',
  );
}

/**
 * This machine's clock against the NATS server's: an ephemeral consumer's creation time is the server's
 * clock at the request; the difference to the middle of the round trip is the skew (± half the round trip).
 * Signature timestamps of webhooks and delayed stops' due times are compared across machines.
 */
export async function clockCheck(jsm: JetStreamManager, maxSkewMs: number): Promise<CheckLine> {
  const label = 'clock skew';
  try {
    // Any stream will do: the consumer reads nothing and is deleted at once.
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    const stream = names.includes(Streams.control) ? Streams.control : names[0];
    if (!stream) return fail(label, 'not measured: no stream on the server to ask', PROVISION_FIX);
    const before = Date.now();
    const info = await jsm.consumers.add(stream, {
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.New,
      inactive_threshold: nanos(5000),
    });
    const after = Date.now();
    await jsm.consumers.delete(stream, info.name).catch(() => undefined);
    const skew = Date.parse(info.created) - (before + after) / 2;
    const detail = `${skew >= 0 ? '+' : ''}${Math.round(skew)} ms against the NATS server (±${Math.ceil((after - before) / 2)} ms)`;
    if (Math.abs(skew) <= maxSkewMs) return pass(label, detail);
    return fail(
      label,
      detail,
      'synchronise the clocks with NTP (timedatectl set-ntp true) on this machine and the NATS hosts',
    );
  } catch (err) {
    return fail(label, `not measured: ${(err as Error).message}`, PROVISION_FIX);
  }
}
