import { describe, expect, it } from 'vitest';
import { toPcm16 } from './g711.js';

// G.711 decoding (ITU-T G.711 tables): known code words, sign symmetry, and L16 passed through untouched.

const decode = (codec: string, bytes: number[]) => {
  const pcm = Buffer.from(toPcm16({ codec, rate: 8000, channels: 1 }, Uint8Array.from(bytes)));
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

  it('g711 - L16 frames are passed through as they are', () => {
    const data = Uint8Array.from([1, 2, 3, 4]);
    expect(toPcm16({ codec: 'L16', rate: 16000, channels: 1 }, data)).toBe(data);
  });
});
