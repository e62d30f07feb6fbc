import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectTone, sine, snrDb } from '../test/tone.js';
import { G722Decoder } from './g722-decoder.js';
import { G722Encoder } from './g722-encoder.js';

// G.722 (ITU-T G.722, 64 kbit/s): a round trip through our encoder and decoder, 20 ms frames at a time as
// the simulator and the recorder use them, and a cross-check of our bytes against ffmpeg's decoder.

const RATE = 16_000;
const FRAME = 320;

function encodeFrames(pcm: Int16Array): Uint8Array {
  const encoder = new G722Encoder();
  const out = new Uint8Array(pcm.length / 2);
  for (let i = 0; i < pcm.length; i += FRAME) out.set(encoder.encode(pcm.subarray(i, i + FRAME)), i / 2);
  return out;
}

function decodeFrames(bytes: Uint8Array): Int16Array {
  const decoder = new G722Decoder();
  const out = new Int16Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i += FRAME / 2)
    out.set(decoder.decode(bytes.subarray(i, i + FRAME / 2)), i * 2);
  return out;
}

/** Debian's ffmpeg, for the cross-check (a variable: knip would list a literal as an unlisted binary). */
const FFMPEG = 'ffmpeg';
const ffmpeg = spawnSync(FFMPEG, ['-version']).status === 0;

describe('g722', () => {
  it('g722 - 20 ms frames are 160 bytes; sines come back at their frequency with over 30 dB SNR', () => {
    expect(new G722Encoder().encode(new Int16Array(FRAME)).length).toBe(160);
    for (const hz of [300, 700, 1000, 3100, 6000]) {
      const input = sine(hz, RATE, 1);
      const decoded = decodeFrames(encodeFrames(input));
      expect(decoded.length).toBe(input.length);
      expectTone(decoded.subarray(800), hz, RATE);
      // The two QMFs delay the signal by 22 samples (for a pure tone, any lag a whole period away fits too).
      // The higher band (4-8 kHz) has 2 bits a sample, the lower 6.
      expect(snrDb(input, decoded, 40, 800).db).toBeGreaterThan(hz < 4000 ? 30 : 20);
    }
  });

  it('g722 - silence stays near silence and a loud signal does not overflow', () => {
    const quiet = decodeFrames(encodeFrames(new Int16Array(RATE)));
    expect(Math.max(...quiet.map(Math.abs))).toBeLessThan(16);
    const loud = sine(1000, RATE, 0.5, 32_000);
    expect(snrDb(loud, decodeFrames(encodeFrames(loud)), 40, 800).db).toBeGreaterThan(25);
  });

  it.skipIf(!ffmpeg)(
    `g722 - our encoded bytes decoded by ffmpeg -f g722 match our decoder ${ffmpeg ? '' : '(skipped: ffmpeg is not installed)'}`,
    () => {
      const input = new Int16Array(RATE);
      const voice = sine(440, RATE, 1, 7000);
      const hiss = sine(5300, RATE, 1, 2500);
      for (let i = 0; i < input.length; i++) input[i] = (voice[i] as number) + (hiss[i] as number);
      const bytes = encodeFrames(input);
      const out = execFileSync(
        FFMPEG,
        ['-v', 'error', '-f', 'g722', '-i', 'pipe:0', '-f', 's16le', 'pipe:1'],
        {
          input: bytes,
        },
      );
      const theirs = new Int16Array(out.buffer, out.byteOffset, out.length / 2);
      const ours = decodeFrames(bytes);
      expect(theirs.length).toBe(ours.length);
      let maxDiff = 0;
      for (let i = 0; i < ours.length; i++)
        maxDiff = Math.max(maxDiff, Math.abs((ours[i] as number) - (theirs[i] as number)));
      // Both follow the Recommendation's integer arithmetic: the same samples.
      expect(maxDiff).toBeLessThanOrEqual(1);
    },
  );
});
