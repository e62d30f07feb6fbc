import { createAudioDecoder } from '@rtms/audio-codecs';
import { tonePurity } from '@rtms/testkit';
import { Codec, DEFAULT_MEDIA_PARAMS } from '@rtms/zoom-protocol';
import { describe, expect, it } from 'vitest';
import { audioPayload, RUN_FRAMES } from './audio-payloads.js';

const l16 = DEFAULT_MEDIA_PARAMS.audio;

/** Messages `from`..`from + count - 1` of a tone decoded in order by one fresh decoder, block by block. */
function decoded(codec: 'G722' | 'opus', params: typeof l16, rate: number, from: number, count: number) {
  const decoder = createAudioDecoder(codec, rate, params.channel);
  const blocks = Array.from({ length: count }, (_, i) =>
    decoder?.decode(Buffer.from(audioPayload(500, params, params.send_rate / 20, from + i).b64, 'base64')),
  );
  decoder?.close();
  return blocks as Int16Array[];
}

describe('payloads - audio', () => {
  it('payloads - 20 ms of L16 16 kHz mono is 640 bytes of a little-endian tone', () => {
    const p = audioPayload(200, l16, 1);
    const buf = Buffer.from(p.b64, 'base64');
    expect(p.length).toBe(640);
    expect(buf.length).toBe(640);
    const samples = Array.from({ length: 320 }, (_, i) => buf.readInt16LE(i * 2));
    expect(samples[0]).toBe(0);
    expect(Math.max(...samples)).toBeGreaterThan(5000);
    // Whole cycles per frame: consecutive frames are the same bytes.
    expect(audioPayload(200, l16, 2).b64).toBe(Buffer.concat([buf, buf]).toString('base64'));
    expect(audioPayload(200, l16, 1, 7).b64).toBe(p.b64);
  });

  it('payloads - silence, other rates and G.711', () => {
    expect(Buffer.from(audioPayload(0, l16, 1).b64, 'base64').every((b) => b === 0)).toBe(true);
    expect(audioPayload(200, { ...l16, sample_rate: 3 }, 5).length).toBe((48_000 / 50) * 2 * 5);
    expect(audioPayload(200, { ...l16, codec: 2, sample_rate: 0 }, 1).length).toBe(160);
  });

  it('payloads - G.722 messages decode to the tone, from any message and across the cached run', () => {
    const g722 = { ...l16, codec: Codec.G722 };
    expect(audioPayload(500, g722, 1).length).toBe(160);
    // A fresh decoder settles within three messages; the run starts again at message 500, seamlessly.
    for (const from of [0, 37, RUN_FRAMES - 20]) {
      const blocks = decoded('G722', g722, 16_000, from, 40);
      for (const block of blocks.slice(3)) expect(tonePurity(block, 500, 16_000)).toBeGreaterThan(0.95);
    }
    // 100 ms per message (send_rate 100).
    const long = decoded('G722', { ...g722, send_rate: 100 }, 16_000, 3, 10);
    for (const block of long.slice(1)) expect(tonePurity(block, 500, 16_000)).toBeGreaterThan(0.95);
  });

  it('payloads - Opus messages are packets that decode to the tone, mono and stereo, at 32 kHz as 48 kHz', () => {
    for (const params of [
      { ...l16, codec: Codec.OPUS },
      { ...l16, codec: Codec.OPUS, channel: 2, sample_rate: 3 },
      { ...l16, codec: Codec.OPUS, sample_rate: 2, send_rate: 60 },
    ]) {
      const rate = params.sample_rate === 1 ? 16_000 : 48_000;
      const frames = params.send_rate / 20;
      expect(audioPayload(500, params, frames).length).toBeLessThan(300 * frames);
      const runMessages = Math.ceil(RUN_FRAMES / frames);
      for (const from of [0, 41, runMessages - 20]) {
        const blocks = decoded('opus', params, rate, from, 40);
        blocks.slice(3).forEach((block, i) => {
          expect(block.length).toBe((rate / 50) * frames * params.channel);
          // Where the run starts again, one frame has a seam: still mostly the tone.
          const seam = from + 3 + i === runMessages;
          const left = block.filter((_, k) => k % params.channel === 0);
          expect(tonePurity(left, 500, rate)).toBeGreaterThan(seam ? 0.3 : 0.9);
        });
      }
    }
  });
});
