import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

// Compare-and-set writes of KV keys, the base of ownership leases (stream-connector's stream leases, the
// media recorder's recorded-stream leases): `create` succeeds for one writer only, `update` only on the
// revision the writer last saw, so a replica that lost a key can never write it again.

/** The server refused a compare-and-set write: the key changed (or appeared) since it was read. */
export function isRevisionConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

/** Writes a key that must not exist (put-if-absent): its revision, or undefined when it exists. */
export async function casCreate(kv: KV, key: string, value: Uint8Array): Promise<number | undefined> {
  try {
    return await kv.create(key, value);
  } catch (err) {
    if (isRevisionConflict(err)) return undefined;
    throw err;
  }
}

/** Writes a key at the revision last seen: the new revision, or undefined when it moved on. */
export async function casUpdate(
  kv: KV,
  key: string,
  value: Uint8Array,
  revision: number,
): Promise<number | undefined> {
  try {
    return await kv.update(key, value, revision);
  } catch (err) {
    if (isRevisionConflict(err)) return undefined;
    throw err;
  }
}

/** Deletes a key at the revision last seen; false when it moved on (then it is left alone). */
export async function casDelete(kv: KV, key: string, revision: number): Promise<boolean> {
  try {
    await kv.delete(key, { previousSeq: revision });
    return true;
  } catch (err) {
    if (isRevisionConflict(err)) return false;
    throw err;
  }
}

/** An existing KV bucket (provisioned by the topology). */
export function openBucket(nc: NatsConnection, name: string): Promise<KV> {
  return new Kvm(nc).open(name);
}
