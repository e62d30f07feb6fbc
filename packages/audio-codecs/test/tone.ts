import { tonePurity } from '@rtms/testkit';
import { expect } from 'vitest';

// Test signals for the codec tests: a sine, and measures of what came back after a lossy round trip.

/** `seconds` of a sine of `hz` at `rate`, amplitude `amp`, interleaved into `channels` identical channels. */
export function sine(hz: number, rate: number, seconds: number, amp = 8000, channels = 1): Int16Array {
  const n = Math.round(rate * seconds);
  const out = new Int16Array(n * channels);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < channels; c++)
      out[i * channels + c] = Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}

/** Every `step`-th sample from `offset` (one channel of interleaved audio). */
export const channel = (pcm: Int16Array, step: number, offset: number) =>
  Int16Array.from({ length: Math.floor(pcm.length / step) }, (_, i) => pcm[i * step + offset] as number);

/** A tone's frequency (Hz) from its zero crossings (interpolated), over the whole block. */
function toneHz(pcm: Int16Array, rate: number): number {
  let first = -1;
  let last = -1;
  let crossings = 0;
  for (let i = 1; i < pcm.length; i++) {
    const a = pcm[i - 1] as number;
    const b = pcm[i] as number;
    if ((a < 0 && b >= 0) || (a >= 0 && b < 0)) {
      const at = i - 1 + a / (a - b);
      if (first < 0) first = at;
      last = at;
      crossings++;
    }
  }
  return crossings < 2 ? 0 : ((crossings - 1) / 2 / (last - first)) * rate;
}

/**
 * Signal-to-noise ratio (dB) of `decoded` against `input`, at the codec's delay: the lag (0..maxLag samples)
 * that gives the best ratio, over the samples from `skip` on (after the codec settled).
 */
export function snrDb(
  input: Int16Array,
  decoded: Int16Array,
  maxLag: number,
  skip: number,
): { db: number; lag: number } {
  let best = { db: Number.NEGATIVE_INFINITY, lag: 0 };
  for (let lag = 0; lag <= maxLag; lag++) {
    let signal = 0;
    let noise = 0;
    for (let i = skip; i + lag < decoded.length && i < input.length; i++) {
      const x = input[i] as number;
      signal += x * x;
      noise += (x - (decoded[i + lag] as number)) ** 2;
    }
    const db = 10 * Math.log10(signal / noise);
    if (db > best.db) best = { db, lag };
  }
  return best;
}

/** A pure tone at `hz`: within 1 Hz, and at least 95 % of the energy. */
export function expectTone(pcm: Int16Array, hz: number, rate: number): void {
  expect(Math.abs(toneHz(pcm, rate) - hz)).toBeLessThan(1);
  expect(tonePurity(pcm, hz, rate)).toBeGreaterThan(0.95);
}
