import { goertzel, tonePurity } from '@rtms/testkit';

// What the recording test knows of the simulated meeting, and how it reads a WAV back.

/** The meeting's script: three speakers (user ids as Zoom's), each a sine tone, sentences of 12 words at 100 ms a word. */
export const SPEAKERS = [
  { name: 'Ann', userId: 16778240, toneHz: 300 },
  { name: 'Ben', userId: 16779264, toneHz: 500 },
  { name: 'Cat', userId: 16780288, toneHz: 700 },
];
const WORDS = 'one two three four five six seven eight nine ten eleven twelve';
const SCRIPT = SPEAKERS.map((_, speaker) => ({ speaker, text: WORDS }));
const MS_PER_WORD = 100;
/** The simulator's meeting options of that script (RTMS started by itself; nothing sent between sentences). */
export const SCRIPTED_MEETING = {
  autoRtms: true,
  speakers: SPEAKERS,
  script: SCRIPT,
  msPerWord: MS_PER_WORD,
  silentAudio: 'none',
} as const;

/**
 * Who speaks at a media offset, as the simulator lays the script out (200 ms lead-in, 1200 ms sentences,
 * 600 ms gaps, looping every 5600 ms): the speaker's index, or -1 for silence.
 */
export function speakerAt(ms: number): number {
  const local = ms % 5600;
  for (let i = 0; i < 3; i++) {
    const start = 200 + i * 1800;
    if (local >= start && local < start + 1200) return i;
  }
  return -1;
}

export interface Wav {
  rate: number;
  channels: number;
  samples: Int16Array;
}

export function readWav(bytes: Uint8Array): Wav {
  const b = Buffer.from(bytes);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a WAV file');
  if (b.readUInt32LE(4) !== b.length - 8) throw new Error('RIFF size does not match the file');
  const dataBytes = b.readUInt32LE(40);
  if (44 + dataBytes !== b.length) throw new Error('data size does not match the file');
  const samples = new Int16Array(dataBytes / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = b.readInt16LE(44 + i * 2);
  return { rate: b.readUInt32LE(24), channels: b.readUInt16LE(22), samples };
}

/**
 * How exact a speech block must be for a lossy codec (G.722, Opus), instead of 100× the other tones' power:
 * at least `minPurity` of the block's energy at the speaker's tone, except in the first `settleBlocks` of a
 * sentence (the decoder still carries the previous speaker's state, and the codec's delay puts a few ms of
 * silence first), where the speaker's tone must only be the strongest of the three.
 */
export interface LossyTolerance {
  minPurity: number;
  settleBlocks: number;
}

/**
 * Blocks of 20 ms up to `durationMs`: the tone `expected(ms)` names (an index of SPEAKERS), or exact zeros
 * (-1). Silence is exact with every codec (nothing is sent between sentences: the recorder fills zeros).
 */
export function wrongBlocks(
  samples: Int16Array,
  rate: number,
  durationMs: number,
  expected: (ms: number) => number,
  lossy?: LossyTolerance,
) {
  const per = rate / 50;
  const wrong: string[] = [];
  let speech = 0;
  for (let k = 0; (k + 1) * 20 <= durationMs - 200; k++) {
    const block = samples.subarray(k * per, (k + 1) * per);
    const who = expected(k * 20);
    if (who < 0) {
      if (block.some((v) => v !== 0)) wrong.push(`${k * 20} ms: sound in a gap`);
      continue;
    }
    speech++;
    const powers = SPEAKERS.map((s) => goertzel(block, s.toneHz, rate));
    const want = powers[who] as number;
    const hz = SPEAKERS[who]?.toneHz as number;
    if (lossy) {
      let into = 0;
      while (into < lossy.settleBlocks && expected((k - into - 1) * 20) === who) into++;
      const settled = into >= lossy.settleBlocks;
      const ok = settled
        ? want > 1e9 && tonePurity(block, hz, rate) >= lossy.minPurity
        : powers.every((p, i) => i === who || p < want);
      if (!ok) wrong.push(`${k * 20} ms: not ${hz} Hz (purity ${tonePurity(block, hz, rate).toFixed(2)})`);
    } else if (!(want > 1e9 && powers.every((p, i) => i === who || p * 100 < want)))
      wrong.push(`${k * 20} ms: not ${hz} Hz`);
  }
  return { wrong, speech };
}
