import { describe, expect, it } from 'vitest';
import { decideDue } from './schedule-consumer.js';

describe('schedule-consumer - decideDue', () => {
  it('waits the exact remainder when it is below the recheck interval (fires on time)', () => {
    expect(decideDue(10_000, 8_750, 30_000)).toEqual({ kind: 'wait', ms: 1250 });
    expect(decideDue(10_000, 9_999, 30_000)).toEqual({ kind: 'wait', ms: 1 });
  });

  it('caps a long wait at the recheck interval, so a cancellation is seen within it', () => {
    expect(decideDue(3_600_000, 0, 30_000)).toEqual({ kind: 'wait', ms: 30_000 });
  });

  it('fires when due, and says how late', () => {
    expect(decideDue(10_000, 10_000, 30_000)).toEqual({ kind: 'fire', lateMs: 0 });
    expect(decideDue(10_000, 12_500, 30_000)).toEqual({ kind: 'fire', lateMs: 2500 });
  });
});
