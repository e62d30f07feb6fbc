import { describe, expect, it } from 'vitest';
import { phaseOf } from './ticker.js';

describe('media - phase spread', () => {
  it('gives each stream a deterministic phase inside the spread, none without one', () => {
    const ids = Array.from({ length: 200 }, (_, i) =>
      (i * 2654435761).toString(16).padStart(8, '0').slice(-8),
    );
    const phases = ids.map((id) => phaseOf(id, 20));
    for (const p of phases) expect(p >= 0 && p < 20).toBe(true);
    expect(new Set(phases).size).toBeGreaterThan(10);
    expect(ids.map((id) => phaseOf(id, 20))).toEqual(phases);
    expect(phaseOf('ffffff00', 0)).toBe(0);
  });
});
