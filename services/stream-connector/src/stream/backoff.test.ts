import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoff - Zoom: 3 s doubling to 30 s', () => {
  const zoom = { baseMs: 3000, maxMs: 30_000 };
  it('doubles per attempt from the base and stops at the cap', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, zoom, none))).toEqual([
      3000, 6000, 12_000, 24_000, 30_000, 30_000, 30_000,
    ]);
  });
  it('adds at most 10 % jitter, never above the cap', () => {
    expect(backoffDelay(1, zoom, () => 0.999)).toBe(3300);
    expect(backoffDelay(5, zoom, () => 0.999)).toBe(30_000);
  });
});
