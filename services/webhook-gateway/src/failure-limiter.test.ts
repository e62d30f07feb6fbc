import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './failure-limiter.js';

function setup(limit = 3, windowMs = 60_000, maxClients?: number) {
  const clock = { t: 1_000_000 };
  const limiter = new FailureLimiter({
    limit,
    windowMs,
    now: () => clock.t,
    ...(maxClients ? { maxClients } : {}),
  });
  return { clock, limiter };
}

describe('failure-limiter - token bucket per client', () => {
  it('blocks a client after `limit` failures and tells when to come back', () => {
    const { limiter } = setup(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds('a')).toBe(0);
      limiter.recordFailure('a');
    }
    // One token refills every 20 s.
    expect(limiter.retryAfterSeconds('a')).toBe(20);
    expect(limiter.retryAfterSeconds('b')).toBe(0);
  });

  it('refills over the window, then forgets the client', () => {
    const { clock, limiter } = setup(3, 60_000);
    for (let i = 0; i < 3; i++) limiter.recordFailure('a');
    clock.t += 10_000;
    expect(limiter.retryAfterSeconds('a')).toBe(10);
    clock.t += 10_000;
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    limiter.recordFailure('a');
    expect(limiter.retryAfterSeconds('a')).toBe(20);
    clock.t += 60_000;
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.size).toBe(0);
  });

  it('remembers a bounded number of clients, forgetting the least recently seen', () => {
    const { limiter } = setup(1, 60_000, 2);
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('a');
    limiter.recordFailure('c');
    expect(limiter.size).toBe(2);
    expect(limiter.retryAfterSeconds('b')).toBe(0);
    expect(limiter.retryAfterSeconds('a')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('c')).toBeGreaterThan(0);
  });
});
