import { describe, expect, it } from 'vitest';
import { alawEncode, g711ToPcm16 } from './g711.js';

// G.711 (ITU-T G.711 tables): known code words, sign symmetry, and A-law encoding round trips.

const decode = (codec: 'PCMA' | 'PCMU', bytes: number[]) => {
  const pcm = Buffer.from(g711ToPcm16(codec, Uint8Array.from(bytes)));
  return Array.from({ length: bytes.length }, (_, i) => pcm.readInt16LE(i * 2));
};

describe('g711', () => {
  it('g711 - A-law and µ-law code words decode to their 16-bit samples', () => {
    // A-law: 0xD5 / 0x55 are the smallest positive / negative steps, 0xAA / 0x2A the largest.
    expect(decode('PCMA', [0xd5, 0x55, 0xaa, 0x2a, 0xd4])).toEqual([8, -8, 32256, -32256, 24]);
    // µ-law: 0xFF and 0x7F are zero, 0x80 / 0x00 the largest.
    expect(decode('PCMU', [0xff, 0x7f, 0x80, 0x00, 0xfe])).toEqual([0, 0, 32124, -32124, 8]);
    // Every A-law code word: bit 7 is the sign, the other bits the same magnitude.
    for (let b = 0; b < 128; b++) {
      const [pos, neg] = decode('PCMA', [b | 0x80, b]);
      expect(pos).toBe(-(neg as number));
    }
  });

  it('g711 - every A-law code word encodes back to itself, and a sample lands within its step', () => {
    for (let b = 0; b < 256; b++) {
      const [sample] = decode('PCMA', [b]);
      // 0x55 and 0xD5 (±8) are the two code words of the smallest step.
      expect(alawEncode(sample as number)).toBe(b);
    }
    for (const sample of [0, 1, -1, 100, -100, 1000, -5000, 20_000, 32_767, -32_768]) {
      const [back] = decode('PCMA', [alawEncode(sample)]);
      expect(Math.abs((back as number) - sample)).toBeLessThanOrEqual(Math.max(8, Math.abs(sample) / 16));
    }
  });
});
