// Per-client limit on failed signature checks: a token bucket per IP holding `limit` tokens that refill
// evenly over `windowMs`; each failure takes one. With an empty bucket the client's failing requests get 429
// instead of 401 (those whose headers alone cannot verify, before their body is read), until a token is back.
// Only failures count and only failures are shed: a correctly signed request is always stored (webhook-route).
//
// Why not @fastify/rate-limit: it counts every request of a route, and what we want to limit is failures
// only (a busy Zoom must never be throttled); its store would need a custom shim to count after the handler.
// A bounded Map is about forty lines and is tested with an injected clock.

export interface FailureLimiterSettings {
  /** Failures allowed in a burst (bucket size). */
  limit: number;
  /** Time for an empty bucket to refill completely, in ms. */
  windowMs: number;
  now: () => number;
  /** Clients remembered at most; the least recently seen is forgotten first (bounded memory). */
  maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class FailureLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #ratePerMs: number;
  readonly #maxClients: number;

  constructor(private readonly settings: FailureLimiterSettings) {
    this.#ratePerMs = settings.limit / settings.windowMs;
    this.#maxClients = settings.maxClients ?? 10_000;
  }

  /** Seconds until the client may try again, or 0 when it is not blocked. */
  retryAfterSeconds(client: string): number {
    const bucket = this.#refill(client);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#ratePerMs / 1000));
  }

  /** Records one failed verification for the client. */
  recordFailure(client: string): void {
    const bucket = this.#refill(client) ?? { tokens: this.settings.limit, at: this.settings.now() };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    // Re-insert so Map order is least-recently-seen first.
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > this.#maxClients) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }

  /** Clients currently remembered (for tests and a gauge). */
  get size(): number {
    return this.#buckets.size;
  }

  #refill(client: string): Bucket | undefined {
    const bucket = this.#buckets.get(client);
    if (!bucket) return undefined;
    const now = this.settings.now();
    bucket.tokens = Math.min(this.settings.limit, bucket.tokens + (now - bucket.at) * this.#ratePerMs);
    bucket.at = now;
    if (bucket.tokens >= this.settings.limit) {
      // Full again: nothing to remember.
      this.#buckets.delete(client);
      return undefined;
    }
    return bucket;
  }
}
