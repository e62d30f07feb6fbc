import { describe, expect, it } from 'vitest';
import { claimSpreadMs } from './claim-spread.js';

describe('claim spread - delay by load', () => {
  it('grows with the leases held and stops at the cap', () => {
    expect(claimSpreadMs(0, 20)).toBe(0);
    expect(claimSpreadMs(3, 20)).toBe(60);
    expect(claimSpreadMs(1000, 20)).toBe(1000);
    expect(claimSpreadMs(5, 0)).toBe(0);
  });
});
