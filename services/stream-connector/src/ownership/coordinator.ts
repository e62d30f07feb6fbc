import type { StreamRegistryEntry } from '@rtms/contracts';
import { claimSpreadMs } from '@rtms/nats';
import type { Logger } from 'pino';
import type { ConnectorMetrics } from '../metrics.js';
import type { RunnerEnd } from '../stream/runner-context.js';
import type { StreamRunner } from '../stream/stream-runner.js';
import type { LeaseStore } from './leases.js';
import type { StreamRegistry } from './registry.js';
import { mergeStopped } from './registry-merge.js';

// Which streams this replica runs. Every replica watches the registry and the leases; an active stream whose
// lease nobody holds is claimed (less loaded replicas first), its runner started, its lease renewed. A lease
// that cannot be renewed in time is let go before it can expire on the server, so two replicas never hold
// sockets for one stream. Stops and releases give the lease back at once, so others need not wait for the TTL.

export interface CoordinatorSettings {
  leaseTtlMs: number;
  renewMs: number;
  claimIntervalMs: number;
  /** Claim delay per stream already owned (load spreading). */
  claimSpreadMs: number;
  maxStreams: number;
  /** Interval of the watchdog: renewals due, local lease expiry, silent sockets. */
  watchdogMs: number;
}

export type RunnerFactory = (entry: StreamRegistryEntry, onEnd: (end: RunnerEnd) => void) => StreamRunner;

/** Server-side expiry runs a little after the TTL; claim this long after it. */
const EXPIRY_MARGIN_MS = 50;

interface Owned {
  runner: StreamRunner;
  revision: number;
  acquiredAt: number;
  /** Local time before which the lease is certainly still ours on the server. */
  validUntil: number;
  /** When to send the next renewal (phases spread, so renewals do not come in one burst). */
  nextRenewAt: number;
  renewing: boolean;
}

export interface CoordinatorOptions {
  registry: StreamRegistry;
  leases: LeaseStore;
  settings: CoordinatorSettings;
  createRunner: RunnerFactory;
  /** Whether a stream was connected before (by any replica): a claim is then a takeover. */
  wasConnected: (streamId: string) => Promise<boolean>;
  log: Logger;
  metrics: ConnectorMetrics;
}

export class Coordinator {
  private readonly owned = new Map<string, Owned>();
  private readonly claiming = new Set<string>();
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopping = false;

  private readonly registry: StreamRegistry;
  private readonly leases: LeaseStore;
  private readonly settings: CoordinatorSettings;
  private readonly createRunner: RunnerFactory;
  private readonly wasConnected: (streamId: string) => Promise<boolean>;
  private readonly log: Logger;
  private readonly metrics: ConnectorMetrics;

  constructor(o: CoordinatorOptions) {
    this.registry = o.registry;
    this.leases = o.leases;
    this.settings = o.settings;
    this.createRunner = o.createRunner;
    this.wasConnected = o.wasConnected;
    this.log = o.log;
    this.metrics = o.metrics;
  }

  /** Stream ids this replica owns. */
  ownedStreams(): string[] {
    return [...this.owned.keys()];
  }

  start(): void {
    this.registry.mirror.onChange(({ key, entry }) => {
      const owned = this.owned.get(key);
      if (owned) {
        if (entry) owned.runner.update(entry.value);
      } else if (entry?.value.state === 'active') {
        this.maybeClaim(key);
      }
    });
    this.leases.mirror.onChange(({ key, entry }) => {
      if (!entry) this.maybeClaim(key);
    });
    const every = (ms: number, fn: () => void) => this.timers.push(setInterval(fn, ms));
    every(this.settings.claimIntervalMs, () => this.reconcile());
    every(this.settings.watchdogMs, () => this.watchdog());
    this.reconcile();
  }

  /** Stops claiming, releases every stream (sockets closed, then leases deleted) and waits for it. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.all([...this.owned.values()].map((o) => o.runner.release('shutdown')));
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  private track(p: Promise<unknown>): void {
    const t = p
      .catch((err: unknown) => this.log.error({ err }, 'ownership task failed'))
      .finally(() => this.tasks.delete(t));
    this.tasks.add(t);
  }

  private reconcile(): void {
    for (const [streamId, e] of this.registry.mirror.values()) {
      if (e.value.state === 'active') this.maybeClaim(streamId);
    }
  }

  private maybeClaim(streamId: string): void {
    if (this.stopping || this.owned.has(streamId) || this.claiming.has(streamId)) return;
    if (this.owned.size + this.claiming.size >= this.settings.maxStreams) return;
    if (this.registry.get(streamId)?.state !== 'active') return;
    const now = Date.now();
    // A held lease is left alone; one whose owner's heartbeat stopped (it crashed) is taken over at once; one
    // that expires before the next scan gets a claim attempt just after it expires on the server.
    const ownerDead = this.leases.deadOwnerRevision(streamId, now) !== undefined;
    const expiresIn = ownerDead ? 0 : this.leases.expiresIn(streamId, now);
    if (expiresIn > this.settings.claimIntervalMs) return;
    this.claiming.add(streamId);
    // Streams being claimed count too: a replica taking over a dead one's streams spreads its own claims, so
    // the other survivors win their share.
    const spread = claimSpreadMs(this.owned.size + this.claiming.size, this.settings.claimSpreadMs);
    const delay = expiresIn > 0 ? expiresIn + EXPIRY_MARGIN_MS + spread : spread;
    const timer = setTimeout(() => {
      this.track(this.claim(streamId).finally(() => this.claiming.delete(streamId)));
    }, delay);
    timer.unref();
  }

  private async claim(streamId: string): Promise<void> {
    const sentAt = Date.now();
    const deadOwner = this.leases.deadOwnerRevision(streamId, sentAt);
    if (this.stopping) return;
    if (deadOwner === undefined && this.leases.isHeld(streamId, sentAt)) return;
    if (this.registry.get(streamId)?.state !== 'active') return;
    const revision =
      deadOwner === undefined
        ? await this.leases.claim(streamId)
        : await this.leases.takeOver(streamId, deadOwner);
    if (revision === undefined) return;
    const takeover = await this.wasConnected(streamId).catch(() => false);
    const entry = this.registry.get(streamId);
    if (this.stopping || entry?.state !== 'active') {
      await this.leases.release(streamId, revision);
      return;
    }
    this.metrics.lease('claimed');
    const runner = this.createRunner(entry, (end) => this.ended(streamId, runner, end));
    const renewMs = this.settings.renewMs;
    this.owned.set(streamId, {
      runner,
      revision,
      acquiredAt: sentAt,
      validUntil: sentAt + this.settings.leaseTtlMs,
      nextRenewAt: sentAt + renewMs * (0.5 + Math.random() / 2),
      renewing: false,
    });
    this.metrics.streamsOwned.set(this.owned.size);
    this.log.info(
      { streamId, takeover, fromDeadReplica: deadOwner !== undefined, owned: this.owned.size },
      'stream claimed',
    );
    runner.start(takeover);
  }

  private renew(streamId: string, o: Owned, now: number): void {
    o.renewing = true;
    o.nextRenewAt = now + this.settings.renewMs;
    this.track(
      this.leases
        .renew(streamId, o.revision, o.acquiredAt)
        .then((result) => {
          if (this.owned.get(streamId) !== o) return;
          if (result === 'lost') {
            this.lose(streamId, 'lease_lost');
            return;
          }
          o.revision = result;
          o.validUntil = now + this.settings.leaseTtlMs;
        })
        .catch((err: unknown) => this.log.warn({ err, streamId }, 'lease renewal failed; retrying'))
        .finally(() => {
          o.renewing = false;
        }),
    );
  }

  /** Renewals due, leases that may have expired (given up before the server expires them), silent sockets. */
  private watchdog(): void {
    const now = Date.now();
    const dead = this.leases.deadReplicas(now);
    if (dead.size > 0) {
      for (const [streamId, e] of this.leases.mirror.values())
        if (dead.has(e.value.owner)) this.maybeClaim(streamId);
    }
    for (const [streamId, o] of this.owned) {
      if (now >= o.validUntil) {
        this.lose(streamId, 'lease_expired');
        continue;
      }
      if (now >= o.nextRenewAt && !o.renewing) this.renew(streamId, o, now);
      o.runner.checkSilence(now);
    }
  }

  /** The lease is gone or may be: stop touching the stream at once. */
  private lose(streamId: string, reason: 'lease_lost' | 'lease_expired'): void {
    const o = this.owned.get(streamId);
    if (!o) return;
    this.owned.delete(streamId);
    this.metrics.streamsOwned.set(this.owned.size);
    this.metrics.lease(reason === 'lease_lost' ? 'lost' : 'expired_locally');
    this.log.warn({ streamId, reason }, 'lease lost: closing the stream here');
    this.track(o.runner.release(reason));
  }

  private ended(streamId: string, runner: StreamRunner, end: RunnerEnd): void {
    const o = this.owned.get(streamId);
    if (!o || o.runner !== runner) return;
    this.owned.delete(streamId);
    this.metrics.streamsOwned.set(this.owned.size);
    this.track(this.giveBack(streamId, o, end));
  }

  private async giveBack(streamId: string, o: Owned, end: RunnerEnd): Promise<void> {
    if (end.kind === 'stopped') {
      const entry = this.registry.get(streamId);
      if (entry) {
        await this.registry.mutate(streamId, (current) =>
          mergeStopped(current, { ...entry, eventTs: Date.now(), stopReason: end.stopReason }, Date.now()),
        );
      }
    }
    await this.leases.release(streamId, o.revision);
    this.metrics.lease('released');
  }
}
