import { describe, expect, it } from 'vitest';
import { parseAudioFormat, wavHeader } from './format.js';
import { AudioTrack } from './track.js';

const l16 = parseAudioFormat('audio/L16;rate=16000;channels=1');

/** `ms` of a constant sample value, as L16 little-endian bytes. */
function frame(ms: number, value: number): Uint8Array {
  const n = (16_000 * ms) / 1000;
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) b.writeInt16LE(value, i * 2);
  return b;
}

const samplesOf = (bytes: Uint8Array) =>
  Array.from({ length: bytes.length / 2 }, (_, i) => Buffer.from(bytes).readInt16LE(i * 2));

describe('track - placement by timestamp', () => {
  it('track - frames land at their timestamps, gaps are zeros, parts are contiguous', () => {
    const t = new AudioTrack(l16, 1000);
    expect(t.place(1000, frame(20, 5))).toBe(320);
    expect(t.place(1060, frame(20, 7))).toBe(1280); // 40 ms gap: nobody spoke
    expect(t.take(false)).toBeUndefined(); // the first checkpoint only marks
    const part = t.take(false);
    expect(part).toMatchObject({ start: 0, end: 1280 });
    const s = samplesOf(part?.bytes ?? new Uint8Array());
    expect(s.slice(0, 320).every((v) => v === 5)).toBe(true);
    expect(s.slice(320, 960).every((v) => v === 0)).toBe(true);
    expect(s.slice(960).every((v) => v === 7)).toBe(true);
    expect(t.place(1080, frame(20, 9))).toBe(1600);
    expect(t.take(true)).toMatchObject({ start: 1280, end: 1600 });
  });

  it('track - frames of several users at one time are mixed and clipped', () => {
    const t = new AudioTrack(l16, 0);
    t.place(0, frame(20, 20_000), 'a');
    t.place(0, frame(20, 20_000), 'b');
    t.place(10, frame(20, -5), 'c');
    expect(t.repeats(0, 'a')).toBe(true);
    expect(t.repeats(20, 'a')).toBe(false);
    expect(t.place(0, frame(20, 1), 'a')).toBe(-1); // a's frame again: not mixed twice
    const s = samplesOf(t.take(true)?.bytes ?? new Uint8Array());
    expect(s[0]).toBe(32_767);
    expect(s[200]).toBe(32_762);
    expect(s[400]).toBe(-5);
    expect(s.length).toBe(480);
  });

  it('track - samples already stored are not written again (a redelivery after a restart)', () => {
    const t = new AudioTrack(l16, 0, 320);
    expect(t.place(0, frame(20, 1))).toBe(-1);
    expect(t.place(10, frame(20, 2))).toBe(480);
    expect(t.take(true)).toMatchObject({ start: 320, end: 480 });
  });

  it('track - a frame at an odd byte offset (a view into a pooled buffer) is read right', () => {
    const t = new AudioTrack(l16, 0);
    const odd = Buffer.concat([Buffer.alloc(1), Buffer.from(frame(20, 4))]).subarray(1);
    expect(t.place(0, odd)).toBe(320);
    expect(samplesOf(t.take(true)?.bytes ?? new Uint8Array()).every((v) => v === 4)).toBe(true);
  });

  it('track - a first-packet mark read after the first frame moves sample 0 back', () => {
    const t = new AudioTrack(l16, 1200);
    t.place(1200, frame(20, 3));
    expect(t.rebase(1000)).toBe(true);
    const s = samplesOf(t.take(true)?.bytes ?? new Uint8Array());
    expect(s.length).toBe(3520);
    expect(s.slice(0, 3200).every((v) => v === 0)).toBe(true);
    expect(s[3200]).toBe(3);
    expect(t.rebase(900)).toBe(false); // stored already
  });
});

describe('format - header and WAV', () => {
  it('format - parses the connector header and writes a 44-byte PCM header', () => {
    expect(parseAudioFormat('audio/L16;rate=48000;channels=2')).toEqual({
      codec: 'L16',
      rate: 48_000,
      channels: 2,
    });
    expect(() => parseAudioFormat('video/h264')).toThrow('not audio');
    const h = wavHeader(l16, 32_000);
    expect(h.toString('ascii', 0, 4)).toBe('RIFF');
    expect(h.readUInt32LE(4)).toBe(36 + 32_000);
    expect(h.readUInt32LE(24)).toBe(16_000);
    expect(h.readUInt32LE(40)).toBe(32_000);
  });
});
