import { type AudioParams, Codec, SAMPLE_RATE_HZ } from '@rtms/zoom-protocol';
import { pcmAccessUnit } from './h264-pcm.js';
import {
  counterJpeg,
  counterYuv,
  SHARE_COLOUR,
  SPEAKER_COLOURS,
  solidJpeg,
  solidPng,
  solidYuv,
} from './images.js';

// Media payloads, built once per distinct shape and cached as base64: per-frame work is a cache hit and a
// string template. Audio is a tone per speaker (whole cycles per 20 ms, so every frame of a speaker is the
// same bytes), silence is zeros.

export interface Payload {
  b64: string;
  length: number;
}

const audioCache = new Map<string, Payload>();

function alaw(sample: number): number {
  // ITU G.711 A-law encoding of a 16-bit sample.
  let s = sample >> 3;
  let mask = 0xd5;
  if (s < 0) {
    s = -s - 1;
    mask = 0x55;
  }
  const ends = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
  const seg = ends.findIndex((e) => s <= e);
  if (seg < 0) return 0x7f ^ mask;
  const aval = seg << 4;
  return (aval | ((seg < 2 ? s >> 1 : s >> seg) & 0x0f)) ^ mask;
}

/**
 * `frames` × 20 ms of audio for a tone (0 = silence) in the requested format. L16 is little-endian PCM;
 * G.711 is real A-law; G.722 and Opus get placeholder bytes of a plausible size (the simulator does not
 * encode them).
 */
export function audioPayload(toneHz: number, params: AudioParams, frames: number): Payload {
  const key = `${toneHz}|${params.codec}|${params.sample_rate}|${params.channel}|${frames}`;
  const hit = audioCache.get(key);
  if (hit) return hit;
  const rate = SAMPLE_RATE_HZ[params.sample_rate as keyof typeof SAMPLE_RATE_HZ] ?? 16_000;
  const perFrame = rate / 50;
  const total = perFrame * frames;
  const channels = params.channel === 2 ? 2 : 1;
  const sample = (i: number) =>
    toneHz === 0 ? 0 : Math.round(6000 * Math.sin((2 * Math.PI * toneHz * i) / rate));
  let buf: Buffer;
  if (params.codec === Codec.L16) {
    buf = Buffer.alloc(total * channels * 2);
    for (let i = 0; i < total; i++) {
      for (let c = 0; c < channels; c++) buf.writeInt16LE(sample(i), (i * channels + c) * 2);
    }
  } else if (params.codec === Codec.G711) {
    buf = Buffer.alloc(total * channels);
    for (let i = 0; i < total; i++)
      for (let c = 0; c < channels; c++) buf[i * channels + c] = alaw(sample(i));
  } else {
    buf = Buffer.alloc(80 * frames, toneHz % 256);
  }
  const payload = { b64: buf.toString('base64'), length: buf.length };
  audioCache.set(key, payload);
  return payload;
}

const imageCache = new Map<string, Payload>();

function image(key: string, make: () => Buffer): Payload {
  const hit = imageCache.get(key);
  if (hit) return hit;
  const buf = make();
  const payload = { b64: buf.toString('base64'), length: buf.length };
  imageCache.set(key, payload);
  return payload;
}

/**
 * A video or share frame. JPG and PNG are real images; H.264 is a real access unit (h264-pcm.ts: SPS, PPS
 * and an IDR of raw I_PCM samples, so every frame decodes alone; real Zoom sends a group of pictures). With
 * `counter`, a JPG or H.264 frame shows it (counterJpeg / counterYuv: a row of bit blocks; JPG also a
 * comment), so a recording's frames can be checked, not only counted; built per frame.
 */
export function framePayload(codec: number, colourIndex: number | 'share', counter?: number): Payload {
  const rgb =
    colourIndex === 'share'
      ? SHARE_COLOUR
      : (SPEAKER_COLOURS[colourIndex % SPEAKER_COLOURS.length] ?? SHARE_COLOUR);
  if (counter !== undefined && codec !== Codec.PNG) {
    const buf =
      codec === Codec.H264 ? pcmAccessUnit(counterYuv(counter, rgb), counter) : counterJpeg(counter, rgb);
    return { b64: buf.toString('base64'), length: buf.length };
  }
  const size: [number, number] = colourIndex === 'share' ? [64, 36] : [32, 18];
  const key = `${codec}|${colourIndex}`;
  if (codec === Codec.PNG) return image(key, () => solidPng(size[0], size[1], rgb));
  if (codec === Codec.H264) {
    return image(key, () => pcmAccessUnit(solidYuv(size[0], size[1], rgb), 0));
  }
  return image(key, () => solidJpeg(size[0], size[1], rgb));
}
