import { describe, expect, it } from 'vitest';
import { createPrng, ids } from './prng.js';

describe('prng - seeded', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = createPrng('s1');
    const b = createPrng('s1');
    const c = createPrng('s2');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });

  it('makes Zoom-looking ids', () => {
    const rng = createPrng('ids');
    expect(ids.uuid(rng)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(ids.meetingNumber(rng)).toMatch(/^\d{11}$/);
    expect(ids.streamId(rng)).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.userKey(rng)).toHaveLength(22);
  });
});
