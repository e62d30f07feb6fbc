import { describe, expect, it } from 'vitest';
import { sine } from '../test/tone.js';
import { createAudioDecoder } from './decoders.js';
import { alawEncode } from './g711.js';
import { G722Encoder } from './g722-encoder.js';
import { OpusEncoder } from './opus.js';

// What decoding costs the recorder: CPU milliseconds per second of one stream (docs/media-recorder.md,
// "Audio formats"). Printed, not asserted (no speed assertions); the test checks only that it decoded.

const SECONDS = 10;

function frames(codec: string, rate: number): Uint8Array[] {
  const frame = rate / 50;
  const pcm = sine(440, rate, SECONDS);
  const out: Uint8Array[] = [];
  const g722 = new G722Encoder();
  const opus = codec === 'opus' ? new OpusEncoder(rate, 1) : undefined;
  for (let i = 0; i + frame <= pcm.length; i += frame) {
    const chunk = pcm.subarray(i, i + frame);
    if (codec === 'G722') out.push(g722.encode(chunk));
    else if (opus) out.push(opus.encode(chunk));
    else out.push(Uint8Array.from(chunk, alawEncode));
  }
  opus?.close();
  return out;
}

describe('cost', () => {
  it('cost - CPU per stream-second of decoding G.711, G.722 and Opus (printed)', () => {
    const rows: string[] = [];
    for (const [codec, rate] of [
      ['PCMA', 8000],
      ['G722', 16_000],
      ['opus', 16_000],
      ['opus', 48_000],
    ] as const) {
      const input = frames(codec, rate);
      // A first pass warms the JIT and WebAssembly tiers up; the second, with a fresh decoder, is measured.
      const warm = createAudioDecoder(codec, rate, 1);
      for (const frame of input) warm?.decode(frame);
      warm?.close();
      const decoder = createAudioDecoder(codec, rate, 1);
      let samples = 0;
      const before = process.cpuUsage();
      for (const frame of input) samples += decoder?.decode(frame).length ?? 0;
      const used = process.cpuUsage(before);
      decoder?.close();
      expect(samples).toBe(rate * SECONDS);
      const ms = (used.user + used.system) / 1000 / SECONDS;
      rows.push(`${codec} ${rate} Hz: ${ms.toFixed(3)} CPU ms per stream-second`);
    }
    console.log(`decoding cost (20 ms frames, one core):\n${rows.join('\n')}`);
  });
});
