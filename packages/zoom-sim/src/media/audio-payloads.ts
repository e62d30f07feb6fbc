import { alawEncode, decodedRate, G722Encoder, OpusEncoder } from '@rtms/audio-codecs';
import { type AudioParams, Codec, SAMPLE_RATE_HZ } from '@rtms/zoom-protocol';
import type { Payload } from './payloads.js';

// Audio message payloads: a tone per speaker (0 = silence) in the requested codec (docs/rtms-protocol.md,
// media parameters), built once per shape and cached as base64. Tones have whole cycles per 20 ms, so L16
// and G.711 messages of a speaker are always the same bytes. G.722 and Opus coders are stateful: their
// bytes depend on what came before, so a run of 10 s of messages is encoded once per shape by one encoder,
// after a warm-up, and a stream's messages cycle through it by their number in media time, so consecutive
// messages are consecutive packets and decode to the tone. Where the run starts again (every 10 s of a
// speaker's media time) G.722 goes on smoothly (its steady state repeats); Opus has one 20 ms frame with a
// seam (still mostly the tone: its prediction across frames does not match there).

/** Opus packets are at most 120 ms: an Opus message holds one packet of at most this many 20 ms frames. */
export const MAX_OPUS_FRAMES = 6;
/** Messages encoded and dropped before a run starts (the coder settles), and a run's length in 20 ms frames. */
const WARM_UP = 5;
export const RUN_FRAMES = 500;
const AMPLITUDE = 6000;

const cache = new Map<string, Payload[]>();

/** The tone's samples at `rate` for `frames` × 20 ms, interleaved into `channels` identical channels. */
function tone(hz: number, rate: number, channels: number, frames: number): Int16Array {
  const n = (rate / 50) * frames;
  const out = new Int16Array(n * channels);
  if (hz === 0) return out;
  for (let i = 0; i < n; i++) {
    const v = Math.round(AMPLITUDE * Math.sin((2 * Math.PI * hz * i) / rate));
    for (let c = 0; c < channels; c++) out[i * channels + c] = v;
  }
  return out;
}

const toPayload = (bytes: Uint8Array): Payload => {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { b64: buf.toString('base64'), length: buf.length };
};

/** A run of messages of a stateful codec, each `frames` × 20 ms of the tone. */
function run(hz: number, params: AudioParams, rate: number, channels: number, frames: number): Payload[] {
  const pcm = tone(hz, rate, channels, frames);
  const opus = params.codec === Codec.OPUS ? new OpusEncoder(rate, channels) : undefined;
  const g722 = new G722Encoder();
  const messages = Math.max(2, Math.ceil(RUN_FRAMES / frames));
  const out: Payload[] = [];
  for (let i = 0; i < WARM_UP + messages; i++) {
    const bytes = opus ? opus.encode(pcm) : g722.encode(pcm);
    if (i >= WARM_UP) out.push(toPayload(bytes));
  }
  opus?.close();
  return out;
}

/**
 * Message `index` of a stream (its number in the speaker's media time) carrying `frames` × 20 ms of a tone:
 * L16 little-endian PCM, G.711 A-law, G.722 at 64 kbit/s (16 kHz audio whatever the sample rate asked), or
 * one Opus packet (at the rate asked, 48 kHz for 32 kHz, which Opus does not have).
 */
export function audioPayload(toneHz: number, params: AudioParams, frames: number, index = 0): Payload {
  const key = `${toneHz}|${params.codec}|${params.sample_rate}|${params.channel}|${frames}`;
  let list = cache.get(key);
  if (!list) {
    const asked = SAMPLE_RATE_HZ[params.sample_rate as keyof typeof SAMPLE_RATE_HZ] ?? 16_000;
    const channels = params.channel === 2 ? 2 : 1;
    if (params.codec === Codec.G722) list = run(toneHz, params, decodedRate('G722', asked), 1, frames);
    else if (params.codec === Codec.OPUS)
      list = run(toneHz, params, decodedRate('opus', asked), channels, frames);
    else {
      const pcm = tone(toneHz, asked, channels, frames);
      const bytes =
        params.codec === Codec.G711
          ? Uint8Array.from(pcm, alawEncode)
          : new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
      list = [toPayload(bytes)];
    }
    cache.set(key, list);
  }
  return list[index % list.length] as Payload;
}
