import { describe, expect, it } from 'vitest';
import { FRAME_COUNTER_SIZE, frameCounterOf } from './images.js';
import { framePayload, splitParameterSets } from './payloads.js';

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

describe('payloads - H.264 parameter sets apart', () => {
  /** NAL unit types behind 4-byte start codes. */
  const nalTypes = (b: Buffer) => {
    const out: number[] = [];
    for (let i = 0; i + 4 < b.length; i++)
      if (b[i] === 0 && b[i + 1] === 0 && b[i + 2] === 0 && b[i + 3] === 1)
        out.push((b[i + 4] as number) & 0x1f);
    return out;
  };

  it('payloads - an H.264 frame splits into SPS+PPS and the IDR slice, which joined are the frame', () => {
    const whole = framePayload(7, 0, 12);
    const parts = splitParameterSets(whole);
    const bytes = parts.map((p) => Buffer.from(p.b64, 'base64'));
    expect(bytes.map(nalTypes)).toEqual([[7, 8], [5]]);
    expect(parts.map((p) => p.length)).toEqual(bytes.map((b) => b.length));
    expect(Buffer.concat(bytes).toString('base64')).toBe(whole.b64);
    // A payload that starts with its slice (nothing to split) stays whole.
    expect(splitParameterSets(parts[1] as { b64: string; length: number })).toEqual([parts[1]]);
  });
});
