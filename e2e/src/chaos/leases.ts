import type { JetStreamManager } from '@nats-io/jetstream';
import { Buckets, StreamLease } from '@rtms/contracts';

// Who owns each stream: the connectors' leases in KV `rtms-leases`, read from the bucket's stream (a KV
// bucket is the stream KV_<bucket>, one subject per key), as any replica sees them.

/** The replica holding each stream's lease (undefined: nobody: deleted, expired or never claimed). */
export async function leaseOwners(
  jsm: JetStreamManager,
  streamIds: readonly string[],
): Promise<Map<string, string | undefined>> {
  const owners = await Promise.all(
    streamIds.map(async (id) => {
      const msg = await jsm.streams.getMessage(`KV_${Buckets.leases}`, {
        last_by_subj: `$KV.${Buckets.leases}.${id}`,
      });
      // A released lease is a delete (or purge) marker: no body, a KV-Operation header.
      if (!msg || msg.header?.get('KV-Operation') || msg.data.length === 0) return undefined;
      const lease = StreamLease.safeParse(msg.json());
      return lease.success ? lease.data.owner : undefined;
    }),
  );
  return new Map(streamIds.map((id, i) => [id, owners[i]]));
}

/** Whether every stream's lease is held by one of `owners`. */
export async function allOwnedBy(
  jsm: JetStreamManager,
  streamIds: readonly string[],
  owners: readonly string[],
): Promise<boolean> {
  const current = await leaseOwners(jsm, streamIds);
  return [...current.values()].every((o) => o !== undefined && owners.includes(o));
}
