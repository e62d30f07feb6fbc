import { describe, expect, it } from 'vitest';
import { CONFLICT, ImageTrack, unpackFrames } from './image-track.js';

const bytes = (n: number) => new Uint8Array([n, n + 1, n + 2]);

describe('image-track - frames by timestamp', () => {
  it('keeps frames in timestamp order, refuses repeats, stores up to the previous checkpoint', () => {
    const t = new ImageTrack('image/jpeg');
    expect(t.place(1200, bytes(2))).toBe(1200);
    expect(t.place(1000, bytes(1))).toBe(1000); // late but not stored yet: in order
    expect(t.place(1200, bytes(2))).toBe(-1); // a repeat
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

describe('image-track - several messages of one timestamp', () => {
  const au = (...b: number[]) => new Uint8Array([0, 0, 0, 1, ...b]);

  it('image-track - H.264 pieces of one timestamp join in arrival order into one frame; a repeated piece is refused', () => {
    const t = new ImageTrack('video/h264');
    const sets = new Uint8Array([...au(0x67, 1), ...au(0x68, 2)]);
    expect(t.place(1000, sets)).toBe(1000);
    expect(t.place(1000, au(0x65, 3))).toBe(1000); // the IDR slice: joined
    expect(t.place(1000, au(0x65, 4))).toBe(1000); // a second slice: joined
    expect(t.place(1000, au(0x65, 3))).toBe(-1); // a piece again
    expect(t.place(1000, sets)).toBe(-1);
    expect(t.place(1100, au(0x41, 5))).toBe(1100);
    const part = t.take(true);
    expect(unpackFrames(part?.bytes ?? new Uint8Array()).map((f) => [f.timestamp, [...f.data]])).toEqual([
      [1000, [...sets, ...au(0x65, 3), ...au(0x65, 4)]],
      [1100, [...au(0x41, 5)]],
    ]);
    expect(t.place(1100, au(0x41, 6))).toBe(-1); // stored already: too late to join
  });

  it('image-track - a different JPEG at a held timestamp is a conflict (the first stays), the same bytes a repeat', () => {
    const t = new ImageTrack('image/jpeg');
    expect(t.place(1000, bytes(1))).toBe(1000);
    expect(t.place(1000, bytes(1))).toBe(-1);
    expect(t.place(1000, bytes(5))).toBe(CONFLICT);
    const part = t.take(true);
    expect(unpackFrames(part?.bytes ?? new Uint8Array()).map((f) => [f.timestamp, [...f.data]])).toEqual([
      [1000, [1, 2, 3]],
    ]);
  });
});
