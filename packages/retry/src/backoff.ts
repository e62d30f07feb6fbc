// The one formula for "how long to wait before retry N" in this repository. Callers pass their policy.

/** How the delay grows and spreads. */
export interface BackoffPolicy {
  /** Delay of the first retry, before jitter. */
  baseMs: number;
  /** Largest delay, jitter included. */
  maxMs: number;
  /** Growth per retry (default 2: doubling). */
  factor?: number;
  /**
   * `'none'` (default): the capped delay itself. `'equal'`: uniformly within [delay/2, delay], so callers that
   * fail together spread out yet never retry at once. `{ upTo: f }`: delay × (1 + f·random), never above maxMs.
   */
  jitter?: 'none' | 'equal' | { upTo: number };
}

/** Exponents past this change nothing (any base ≥ 1 ms is far above any cap) and keep the arithmetic finite. */
const MAX_EXPONENT = 40;

/**
 * Delay before attempt `attempt` is retried (1 = the first retry): min(maxMs, baseMs · factor^(attempt−1)),
 * then jitter, rounded to whole ms. `random` returns [0, 1) (injected by tests).
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, MAX_EXPONENT);
  const delay = Math.min(policy.maxMs, policy.baseMs * (policy.factor ?? 2) ** exponent);
  const jitter = policy.jitter ?? 'none';
  if (jitter === 'none') return Math.round(delay);
  if (jitter === 'equal') return Math.round(delay / 2 + (delay / 2) * random());
  return Math.round(Math.min(delay * (1 + jitter.upTo * random()), policy.maxMs));
}
