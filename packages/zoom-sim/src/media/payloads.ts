import { Codec } from '@rtms/zoom-protocol';
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
// string template. Audio payloads (a tone per speaker in each codec) are in audio-payloads.ts.

export interface Payload {
  b64: string;
  length: number;
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

/**
 * An H.264 payload as two: its parameter sets (every NAL unit before the first slice) and the rest (the
 * slice), for the peer variant that sends them as separate messages of one timestamp. A payload without a
 * slice after its parameter sets stays whole.
 */
export function splitParameterSets(p: Payload): Payload[] {
  const au = Buffer.from(p.b64, 'base64');
  for (let i = 0; i + 4 < au.length; i++) {
    const type = (au[i + 4] as number) & 0x1f;
    if (au[i] === 0 && au[i + 1] === 0 && au[i + 2] === 0 && au[i + 3] === 1 && type >= 1 && type <= 5) {
      if (i === 0) return [p];
      const sets = au.subarray(0, i);
      const slice = au.subarray(i);
      return [
        { b64: sets.toString('base64'), length: sets.length },
        { b64: slice.toString('base64'), length: slice.length },
      ];
    }
  }
  return [p];
}
