import type { KV } from '@nats-io/kv';
import { Buckets, StreamLease } from '@rtms/contracts';
import { casCreate, casUpdate, isRevisionConflict } from '@rtms/nats';
import type { Logger } from 'pino';
import { KvMirror } from './kv-mirror.js';
import type { Liveness } from './liveness.js';

// KV `rtms-leases`: stream id → owning replica. Claimed with create (put-if-absent: one winner), renewed with
// update(revision) (compare-and-set: a replica that lost the lease cannot renew it), released with a
// revision-checked delete (the watch tells every replica at once). The bucket's TTL expires the lease of a
// replica that died; every replica watches the bucket to know which streams are held.

const encoder = new TextEncoder();

export class LeaseStore {
  readonly mirror: KvMirror<StreamLease>;

  constructor(
    private readonly kv: KV,
    readonly replicaId: string,
    readonly ttlMs: number,
    log: Logger,
    /** Replica heartbeats: a dead owner's lease may be taken over before its TTL (absent: TTL only). */
    private readonly liveness?: Liveness,
  ) {
    this.mirror = new KvMirror(kv, Buckets.leases, StreamLease, log.child({ component: 'leases' }));
  }

  /** Whether another write of this lease was seen within the TTL (so a claim would fail). */
  isHeld(streamId: string, now: number): boolean {
    return this.expiresIn(streamId, now) > 0;
  }

  /** Milliseconds until the last write seen of this lease expires on the server (≤ 0: free or expired). */
  expiresIn(streamId: string, now: number): number {
    const e = this.mirror.get(streamId);
    return e === undefined ? 0 : e.created + this.ttlMs - now;
  }

  /**
   * The revision of the lease when its owner is a dead replica (so it may be taken over), else undefined. A
   * lease already past its TTL is not one: the server has dropped it (on 2.9 without telling the watch), so a
   * compare-and-set on its revision could never succeed; it is claimed with `create` like any free stream.
   */
  deadOwnerRevision(streamId: string, now: number): number | undefined {
    const e = this.mirror.get(streamId);
    if (!e || this.expiresIn(streamId, now) <= 0) return undefined;
    return this.liveness?.isDead(e.value.owner, now) ? e.revision : undefined;
  }

  /** Replicas the heartbeats show dead (their leases may be taken over): one check per replica, not per lease. */
  deadReplicas(now: number): Set<string> {
    return this.liveness?.deadReplicas(now) ?? new Set();
  }

  /** Claims an unowned stream: the lease revision, or undefined when another replica holds it. */
  async claim(streamId: string): Promise<number | undefined> {
    const now = Date.now();
    return casCreate(this.kv, streamId, this.encode(now, now));
  }

  /**
   * Takes over the lease of a dead replica: a compare-and-set on the revision this replica saw, so it fails
   * (undefined) if the owner renewed it after all, or another replica took it first.
   */
  async takeOver(streamId: string, seenRevision: number): Promise<number | undefined> {
    const now = Date.now();
    return casUpdate(this.kv, streamId, this.encode(now, now), seenRevision);
  }

  /** Renews a held lease: the new revision, or 'lost' when the lease is no longer ours. */
  async renew(streamId: string, revision: number, acquiredAt: number): Promise<number | 'lost'> {
    return (await casUpdate(this.kv, streamId, this.encode(acquiredAt, Date.now()), revision)) ?? 'lost';
  }

  /**
   * Releases a held lease; a lease another replica took over is left alone. When a renewal was still in flight
   * the revision has moved on: the lease is read again and deleted if it is still ours.
   */
  async release(streamId: string, revision: number): Promise<void> {
    try {
      await this.kv.delete(streamId, { previousSeq: revision });
    } catch (err) {
      if (!isRevisionConflict(err)) throw err;
      const current = await this.kv.get(streamId);
      if (current?.operation !== 'PUT') return;
      const lease = this.mirror.decode(streamId, current.revision, current.value);
      if (lease?.owner !== this.replicaId) return;
      await this.kv.delete(streamId, { previousSeq: current.revision }).catch((again: unknown) => {
        if (!isRevisionConflict(again)) throw again;
      });
    }
  }

  private encode(acquiredAt: number, renewedAt: number): Uint8Array {
    const lease: StreamLease = { v: 1, owner: this.replicaId, acquiredAt, renewedAt };
    return encoder.encode(JSON.stringify(lease));
  }
}
