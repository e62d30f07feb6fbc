// Measures of a sine tone in 16-bit samples, for tests that check audio by content (the simulator's tones
// through codecs, the recorder's WAVs).

/** Power of `hz` in a block of samples (Goertzel). */
export function goertzel(block: Int16Array, hz: number, rate: number): number {
  const c = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const x of block) {
    const s0 = x + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

/** The share (0..1) of a block's energy that is at `hz`: about 1 for a pure tone at `hz`. */
export function tonePurity(block: Int16Array, hz: number, rate: number): number {
  let energy = 0;
  for (const x of block) energy += x * x;
  return energy === 0 ? 0 : (2 * goertzel(block, hz, rate)) / (block.length * energy);
}
