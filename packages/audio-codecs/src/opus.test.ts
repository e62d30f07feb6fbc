import { describe, expect, it } from 'vitest';
import { channel, expectTone, sine, snrDb } from '../test/tone.js';
import { OpusDecoder, OpusEncoder, OpusError } from './opus.js';

// Opus through libopus (opusscript's WebAssembly build, driven by opus.ts): 20 ms packets of sines decode
// to the same frequency, at any of libopus's rates, mono and stereo, with many coders alive at once.

function roundTrip(
  input: Int16Array,
  rate: number,
  channels: number,
  encoder = new OpusEncoder(rate, channels),
) {
  const decoder = new OpusDecoder(rate, channels);
  const frame = (rate / 50) * channels;
  const out = new Int16Array(input.length);
  const sizes: number[] = [];
  for (let i = 0; i + frame <= input.length; i += frame) {
    const packet = encoder.encode(input.subarray(i, i + frame));
    sizes.push(packet.length);
    const pcm = decoder.decode(packet);
    expect(pcm.length).toBe(frame);
    out.set(pcm, i);
  }
  encoder.close();
  decoder.close();
  return { out, sizes };
}

describe('opus', () => {
  it('opus - 20 ms packets of a sine decode to the same frequency at every libopus rate', () => {
    for (const rate of [8000, 12_000, 16_000, 24_000, 48_000]) {
      const input = sine(500, rate, 1);
      const { out, sizes } = roundTrip(input, rate, 1);
      expectTone(out.subarray(rate / 10), 500, rate);
      // 32 kbit/s: about 80 bytes per 20 ms.
      expect(Math.max(...sizes)).toBeLessThan(200);
      expect(snrDb(input, out, rate / 50, rate / 10).db).toBeGreaterThan(10);
    }
  });

  it('opus - stereo keeps each channel', () => {
    const rate = 48_000;
    const left = sine(300, rate, 1);
    const right = sine(700, rate, 1);
    const input = new Int16Array(left.length * 2);
    for (let i = 0; i < left.length; i++) {
      input[2 * i] = left[i] as number;
      input[2 * i + 1] = right[i] as number;
    }
    const { out } = roundTrip(input, rate, 2);
    expectTone(channel(out, 2, 0).subarray(4800), 300, rate);
    expectTone(channel(out, 2, 1).subarray(4800), 700, rate);
  });

  it('opus - hundreds of decoders at once (the heap grows) each decode their own stream', () => {
    const rate = 16_000;
    const frame = rate / 50;
    const tones = Array.from({ length: 10 }, (_, i) => 200 + 100 * i);
    // 25 packets (0.5 s) per tone, encoded once.
    const packets = tones.map((hz) => {
      const encoder = new OpusEncoder(rate, 1);
      const input = sine(hz, rate, 0.5);
      const list = Array.from({ length: 25 }, (_, i) =>
        encoder.encode(input.subarray(i * frame, (i + 1) * frame)),
      );
      encoder.close();
      return list;
    });
    const decoders = Array.from({ length: 300 }, (_, i) => ({
      tone: i % tones.length,
      decoder: new OpusDecoder(rate, 1),
      out: new Int16Array(rate / 2),
    }));
    for (let f = 0; f < 25; f++) {
      for (const d of decoders) d.out.set(d.decoder.decode(packets[d.tone]?.[f] as Uint8Array), f * frame);
    }
    for (const d of decoders) {
      expectTone(d.out.subarray(frame * 5), tones[d.tone] as number, rate);
      d.decoder.close();
    }
  });

  it('opus - a rate libopus does not have, a closed coder and a broken packet are OpusErrors', () => {
    expect(() => new OpusDecoder(44_100, 1)).toThrow(OpusError);
    const decoder = new OpusDecoder(16_000, 1);
    expect(() => decoder.decode(Uint8Array.from([0xff, 0xff, 0xff]))).toThrow(OpusError);
    decoder.close();
    expect(() => decoder.decode(Uint8Array.from([0]))).toThrow(OpusError);
  });
});
