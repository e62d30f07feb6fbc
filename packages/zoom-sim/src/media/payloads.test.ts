import { describe, expect, it } from 'vitest';
import { FRAME_COUNTER_SIZE, frameCounterOf } from './images.js';
import { framePayload } from './payloads.js';

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
