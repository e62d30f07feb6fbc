import { describe, expect, it } from 'vitest';
import { ImageTrack, unpackFrames } from './image-track.js';

const bytes = (n: number) => new Uint8Array([n, n + 1, n + 2]);

describe('image-track - frames by timestamp', () => {
  it('keeps frames in timestamp order, refuses repeats, stores up to the previous checkpoint', () => {
    const t = new ImageTrack('image/jpeg');
    expect(t.place(1200, bytes(2))).toBe(1200);
    expect(t.place(1000, bytes(1))).toBe(1000); // late but not stored yet: in order
    expect(t.place(1200, bytes(9))).toBe(-1); // a repeat
    expect(t.take(false)).toBeUndefined(); // the first checkpoint only marks
    expect(t.place(1400, bytes(3))).toBe(1400);
    const part = t.take(false);
    expect([part?.first, part?.last]).toEqual([1000, 1200]);
    expect(unpackFrames(part?.bytes ?? new Uint8Array()).map((f) => [f.timestamp, [...f.data]])).toEqual([
      [1000, [1, 2, 3]],
      [1200, [2, 3, 4]],
    ]);
    expect(t.place(1100, bytes(7))).toBe(-1); // before a stored frame: too late
    const rest = t.take(true);
    expect([rest?.first, rest?.last, t.committed]).toEqual([1400, 1400, 1400]);
  });

  it('after a restart refuses what its stored parts hold', () => {
    const t = new ImageTrack('image/png', 5000);
    expect(t.place(5000, bytes(1))).toBe(-1);
    expect(t.place(5200, bytes(1))).toBe(5200);
  });
});
