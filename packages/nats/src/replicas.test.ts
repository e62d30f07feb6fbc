import { describe, expect, it } from 'vitest';
import { decideReplicas } from './replicas.js';

describe('nats - decideReplicas', () => {
  it('raises a stream to the wanted count', () => {
    expect(decideReplicas(1, { replicas: 3, allowLower: false })).toEqual({ target: 3 });
  });

  it('keeps a higher count set on the server unless lowering is allowed', () => {
    expect(decideReplicas(3, { replicas: 1, allowLower: false })).toEqual({
      target: 3,
      keptHigher: true,
    });
    expect(decideReplicas(3, { replicas: 1, allowLower: true })).toEqual({ target: 1 });
  });

  it('reads a missing or zero count as one replica', () => {
    expect(decideReplicas(undefined, { replicas: 1, allowLower: false })).toEqual({ target: 1 });
    expect(decideReplicas(0, { replicas: 3, allowLower: false })).toEqual({ target: 3 });
  });
});
