import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** Deletes every stream (KV buckets included) so a test on a shared server starts from an empty JetStream. */
export async function resetJetStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const names: string[] = [];
  for await (const name of jsm.streams.names()) names.push(name);
  await Promise.all(names.map((name) => jsm.streams.delete(name)));
}
