import { Buckets, type StreamLease } from '@rtms/contracts';
import { casCreate, casDelete, casUpdate, type openBucket } from '@rtms/nats';

// KV `media-recorder-leases`: recorded stream id → the recorder replica writing it (the connector's ownership
// pattern, docs/media-recorder.md "Replicas"). Claimed with create (one winner), renewed every third of the
// TTL with a compare-and-set on the revision (a replica that lost it learns so and stops writing), released
// with a revision-checked delete when the recording is finalised or the replica shuts down. The bucket-wide
// TTL expires the leases of a replica that died: another one claims them then.

type KV = Awaited<ReturnType<typeof openBucket>>;

const encoder = new TextEncoder();

export class RecorderLeases {
  readonly bucket = Buckets.recorderLeases;

  constructor(
    private readonly kv: KV,
    readonly replicaId: string,
    readonly ttlMs: number,
  ) {}

  /** The lease's revision when this replica now holds it, undefined when another one does. */
  claim(streamId: string): Promise<number | undefined> {
    const now = Date.now();
    return casCreate(this.kv, streamId, this.encode(now, now));
  }

  /**
   * Whether some replica holds the stream's lease now (a direct get: an expired or deleted lease is not held).
   * One request, no consumer: listing the bucket's keys would make an ordered consumer per scan, and one that
   * counts a lease which then expires before it is delivered waits for a heartbeat (seconds).
   */
  async isHeld(streamId: string): Promise<boolean> {
    const entry = await this.kv.get(streamId);
    return entry !== null && entry.operation === 'PUT';
  }

  /** The new revision, or 'lost' when the lease moved on (expired and claimed by another replica). */
  async renew(streamId: string, revision: number, acquiredAt: number): Promise<number | 'lost'> {
    return (await casUpdate(this.kv, streamId, this.encode(acquiredAt, Date.now()), revision)) ?? 'lost';
  }

  /** Gives the stream up (a lease that moved on is left alone). */
  async release(streamId: string, revision: number): Promise<void> {
    await casDelete(this.kv, streamId, revision);
  }

  private encode(acquiredAt: number, renewedAt: number): Uint8Array {
    const lease: StreamLease = { v: 1, owner: this.replicaId, acquiredAt, renewedAt };
    return encoder.encode(JSON.stringify(lease));
  }
}
