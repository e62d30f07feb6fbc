export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (1-based): base × 2^(attempt−1), capped (Zoom: 3 s doubling to
 * 30 s), plus up to 10 % jitter so that streams failing together do not retry in lock-step.
 */
export function backoffDelay(
  attempt: number,
  s: BackoffSettings,
  random: () => number = Math.random,
): number {
  const exp = Math.min(Math.max(attempt, 1) - 1, 30);
  const delay = Math.min(s.baseMs * 2 ** exp, s.maxMs);
  return Math.round(Math.min(delay * (1 + 0.1 * random()), s.maxMs));
}
