import { DEFAULT_MEDIA_PARAMS } from '@rtms/zoom-protocol';
import { describe, expect, it } from 'vitest';
import { FRAME_COUNTER_SIZE, frameCounterOf } from './images.js';
import { audioPayload, framePayload } from './payloads.js';

const l16 = DEFAULT_MEDIA_PARAMS.audio;

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
  });

  it('payloads - silence, other rates and G.711', () => {
    expect(Buffer.from(audioPayload(0, l16, 1).b64, 'base64').every((b) => b === 0)).toBe(true);
    expect(audioPayload(200, { ...l16, sample_rate: 3 }, 5).length).toBe((48_000 / 50) * 2 * 5);
    expect(audioPayload(200, { ...l16, codec: 2, sample_rate: 0 }, 1).length).toBe(160);
  });
});

describe('payloads - frames', () => {
  it('payloads - JPEG and PNG frames have their format markers', () => {
    const jpg = Buffer.from(framePayload(5, 0).b64, 'base64');
    expect(jpg.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(jpg.subarray(-2).toString('hex')).toBe('ffd9');
    const png = Buffer.from(framePayload(6, 'share').b64, 'base64');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(framePayload(5, 0).b64).not.toBe(framePayload(5, 1).b64);
  });
});

describe('payloads - frame counter', () => {
  it('payloads - a JPEG video frame carries its number: a comment and a row of bit blocks', () => {
    const a = Buffer.from(framePayload(5, 0, 41).b64, 'base64');
    const b = Buffer.from(framePayload(5, 0, 42).b64, 'base64');
    expect(frameCounterOf(a)).toBe(41);
    expect(frameCounterOf(b)).toBe(42);
    expect(a.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(a.subarray(-2).toString('hex')).toBe('ffd9');
    // SOF0: height then width.
    const sof = a.indexOf(Buffer.from([0xff, 0xc0]));
    expect([a.readUInt16BE(sof + 5), a.readUInt16BE(sof + 7)]).toEqual([
      FRAME_COUNTER_SIZE.height,
      FRAME_COUNTER_SIZE.width,
    ]);
    expect(frameCounterOf(Buffer.from(framePayload(5, 0).b64, 'base64'))).toBeUndefined();
    expect(frameCounterOf(Buffer.from(framePayload(6, 0, 3).b64, 'base64'))).toBeUndefined(); // PNG: none yet
  });
});
