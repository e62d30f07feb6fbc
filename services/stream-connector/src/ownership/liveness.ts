import type { KV } from '@nats-io/kv';
import { Buckets, ReplicaHeartbeat } from '@rtms/contracts';
import type { Logger } from 'pino';
import { KvMirror } from './kv-mirror.js';

// Replica liveness, so a crashed replica's streams are taken over in about RTMS_REPLICA_DEAD_MS instead of a
// whole lease TTL (docs/stream-connector.md, "Ownership"). Each replica writes one heartbeat key every
// RTMS_HEARTBEAT_MS (a few KV writes a second per replica, whatever its stream count) and watches the others'.
// A replica whose last heartbeat was stored more than deadMs ago is dead; the others may then take its leases
// with a compare-and-set on the revision they saw. Only a replica whose own heartbeats are being stored, and
// have been for deadMs, judges others: a NATS stall that delays everyone's heartbeats makes nobody dead. A
// replica that was only stalled (not dead) learns at its next lease renewal that the lease moved on, and stops.

/** A gap this large (as a fraction of deadMs) in this replica's own stored heartbeats restarts its trust. */
const STALL_FRACTION = 2 / 3;

const encoder = new TextEncoder();

export interface LivenessSettings {
  heartbeatMs: number;
  /** 0 disables: no takeover before the lease TTL. */
  deadMs: number;
}

export class Liveness {
  readonly mirror: KvMirror<ReplicaHeartbeat>;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private readonly startedAt = Date.now();
  /** Local time at which the newest heartbeat the server acknowledged was sent. */
  private lastStoredSentAt = Date.now();
  /** Since when this replica's heartbeats have been stored without a stall. */
  private healthySince = Date.now();
  private failures = 0;

  constructor(
    private readonly kv: KV,
    readonly replicaId: string,
    private readonly settings: LivenessSettings,
    private readonly log: Logger,
  ) {
    this.mirror = new KvMirror(kv, Buckets.replicas, ReplicaHeartbeat, log);
  }

  get enabled(): boolean {
    return this.settings.deadMs > 0;
  }

  /** Writes the first heartbeat, then keeps writing; watches the others. */
  async start(): Promise<void> {
    await this.mirror.start();
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.settings.heartbeatMs);
    this.timer.unref();
  }

  /** Stops writing and deletes this replica's key (a clean exit is not a death). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.mirror.stop();
    await this.kv.delete(this.replicaId).catch(() => undefined);
  }

  /**
   * Whether this replica may judge others dead: its own heartbeats are being stored now, and have been for at
   * least deadMs. After a NATS stall that delayed everyone's heartbeats, nobody takes anything over until the
   * others had the time to write theirs again.
   */
  private trusted(now: number): boolean {
    return (
      now - this.lastStoredSentAt <= 2 * this.settings.heartbeatMs + 100 &&
      now - this.healthySince >= this.settings.deadMs
    );
  }

  /**
   * True when `replica` (another one) wrote a heartbeat and none since `deadMs` (server write time against
   * this clock), and this replica is itself healthy. A replica never seen, or gone cleanly (key deleted), is
   * not dead: its leases expire or were released as before.
   */
  isDead(replica: string, now: number): boolean {
    if (!this.enabled || replica === this.replicaId || !this.trusted(now)) return false;
    const last = this.mirror.get(replica);
    return last !== undefined && now - last.created > this.settings.deadMs;
  }

  /** Other replicas the heartbeats show dead (empty while this replica cannot judge). */
  deadReplicas(now: number): Set<string> {
    const dead = new Set<string>();
    for (const [replica] of this.mirror.values()) if (this.isDead(replica, now)) dead.add(replica);
    return dead;
  }

  private async beat(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    const sentAt = Date.now();
    const beat: ReplicaHeartbeat = { v: 1, replica: this.replicaId, startedAt: this.startedAt, at: sentAt };
    try {
      await this.kv.put(this.replicaId, encoder.encode(JSON.stringify(beat)));
      if (sentAt - this.lastStoredSentAt > this.settings.deadMs * STALL_FRACTION) this.healthySince = sentAt;
      this.lastStoredSentAt = Math.max(this.lastStoredSentAt, sentAt);
      if (this.failures > 0) this.log.info({ failures: this.failures }, 'heartbeat stored again');
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 20 === 0)
        this.log.warn({ err, failures: this.failures }, 'heartbeat not stored');
    } finally {
      this.inFlight = false;
    }
  }
}
