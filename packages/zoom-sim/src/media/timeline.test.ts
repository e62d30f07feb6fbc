import { describe, expect, it } from 'vitest';
import { buildTimeline, segmentAt, speakerAt } from './timeline.js';

const lines = [
  { speaker: 0, text: 'one two three four', language: 9 },
  { speaker: 1, text: 'five six', language: 9 },
];

describe('timeline - script layout', () => {
  it('lays sentences end to end on 20 ms boundaries', () => {
    const tl = buildTimeline(lines, { msPerWord: 500, gapMs: 500, leadInMs: 0 });
    expect(tl.segments.map((s) => [s.startMs, s.endMs])).toEqual([
      [0, 2000],
      [2500, 3500],
    ]);
    expect(tl.lengthMs).toBe(4000);
    expect(speakerAt(tl, 10)).toBe(0);
    expect(speakerAt(tl, 2200)).toBe(-1);
    expect(speakerAt(tl, 3000)).toBe(1);
    expect(speakerAt(tl, 4010)).toBe(0);
  });

  it('loops segments with shifted offsets, or ends', () => {
    const looped = buildTimeline(lines, { msPerWord: 500, gapMs: 500, leadInMs: 0 });
    expect(segmentAt(looped, 3)).toMatchObject({ speaker: 1, startMs: 6500, endMs: 7500 });
    const once = buildTimeline(lines, { loop: false });
    expect(segmentAt(once, 2)).toBeUndefined();
    expect(speakerAt(once, once.lengthMs + 10)).toBe(-1);
  });
});
