import { describe, expect, it } from 'vitest';
import { type BackoffPolicy, backoffDelay } from './backoff.js';

const delays = (policy: BackoffPolicy, attempts: number[], random = () => 0) =>
  attempts.map((n) => backoffDelay(policy, n, random));

describe('backoff - no jitter', () => {
  it('grows by the factor from the base and stops at the cap', () => {
    const policy = { baseMs: 250, maxMs: 5000 };
    expect(delays(policy, [1, 2, 3, 4, 5, 6, 7, 1000])).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
    expect(delays({ baseMs: 100, maxMs: 10_000, factor: 3 }, [1, 2, 3, 4, 5])).toEqual([
      100, 300, 900, 2700, 8100,
    ]);
  });

  it('treats attempts below 1 as the first and ignores random', () => {
    expect(backoffDelay({ baseMs: 1000, maxMs: 30_000 }, 0, () => 0.9)).toBe(1000);
  });
});

describe('backoff - equal jitter', () => {
  const policy: BackoffPolicy = { baseMs: 100, maxMs: 1000, jitter: 'equal' };

  it('stays within [delay/2, delay]', () => {
    expect(delays(policy, [1, 2, 3, 4], () => 0)).toEqual([50, 100, 200, 400]);
    expect(delays(policy, [1, 2, 3, 4], () => 1)).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(policy, 50, () => 0.5)).toBe(750);
  });

  it('spreads callers that retry together', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 3, random)));
    expect(spread.size).toBeGreaterThan(10);
    for (const d of spread) expect(d).toBeGreaterThanOrEqual(200);
  });
});

describe('backoff - added jitter', () => {
  const zoom: BackoffPolicy = { baseMs: 3000, maxMs: 30_000, jitter: { upTo: 0.1 } };

  it('adds at most the fraction and never passes the cap', () => {
    expect(delays(zoom, [1, 2, 3, 4, 5, 50])).toEqual([3000, 6000, 12_000, 24_000, 30_000, 30_000]);
    expect(backoffDelay(zoom, 1, () => 0.999)).toBe(3300);
    expect(backoffDelay(zoom, 4, () => 0.999)).toBe(26_398);
    expect(backoffDelay(zoom, 5, () => 0.999)).toBe(30_000);
  });
});
