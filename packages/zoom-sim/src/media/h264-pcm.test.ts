import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pcmAccessUnit, type YuvFrame } from './h264-pcm.js';
import { counterYuv, FRAME_COUNTER_SIZE, SPEAKER_COLOURS, solidYuv } from './images.js';
import { framePayload } from './payloads.js';

/** Debian's ffmpeg, a system binary (setup installs it), not a package. */
const FFMPEG = 'ffmpeg';

const blue = SPEAKER_COLOURS[0] as [number, number, number];

/** The NAL units of an Annex-B stream (start codes removed). */
function nalUnits(b: Buffer): Buffer[] {
  const starts: number[] = [];
  for (let i = 0; i + 3 < b.length; i++)
    if (b[i] === 0 && b[i + 1] === 0 && b[i + 2] === 1) starts.push(i + 3);
  return starts.map((s, k) => {
    let end = k + 1 < starts.length ? (starts[k + 1] as number) - 3 : b.length;
    while (end > s && b[end - 1] === 0) end--;
    return b.subarray(s, end);
  });
}

const ffmpegMissing =
  spawnSync(FFMPEG, ['-version'], { stdio: 'ignore' }).status === 0
    ? undefined
    : 'ffmpeg not on PATH (apt-get install -y ffmpeg; npm test installs it when run as root)';

/** Decodes an Annex-B stream with Debian's ffmpeg to raw YUV 4:2:0 frames. */
function decode(stream: Buffer): Buffer {
  const r = spawnSync(
    FFMPEG,
    [
      '-v',
      'error',
      '-f',
      'h264',
      '-i',
      'pipe:0',
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      '-',
    ],
    { input: stream, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr.toString()}`);
  return r.stdout;
}

const samples = (f: YuvFrame) => Buffer.concat([f.y, f.u, f.v]);

describe('h264-pcm - structure', () => {
  it('h264-pcm - a frame is SPS, PPS and one IDR slice, with start codes and no start code inside', () => {
    const au = pcmAccessUnit(counterYuv(1234, blue), 1234);
    expect(au.subarray(0, 4).toString('hex')).toBe('00000001');
    const nals = nalUnits(au);
    expect(nals.map((n) => (n[0] as number) & 0x1f)).toEqual([7, 8, 5]);
    expect(nals.map((n) => (n[0] as number) >> 5)).toEqual([3, 3, 3]); // nal_ref_idc
    // SPS: Constrained Baseline (profile 66, constraint_set0 and set1), level 3.0.
    expect([...(nals[0] as Buffer).subarray(1, 4)]).toEqual([66, 0xc0, 30]);
    for (const n of nals) {
      for (let i = 0; i + 2 < n.length; i++) {
        // Emulation prevention: 00 00 is never followed by 00, 01 or 02 inside a NAL unit.
        if (n[i] === 0 && n[i + 1] === 0) expect(n[i + 2], `at ${i}`).toBeGreaterThanOrEqual(3);
      }
    }
    // 8 × 2 macroblocks of 384 samples each, plus a few bytes of headers.
    expect((nals[2] as Buffer).length).toBeGreaterThan(16 * 384);
    expect((nals[2] as Buffer).at(-1)).toBe(0x80); // rbsp_trailing_bits after aligned samples
  });

  it('h264-pcm - the simulator sends it for codec 7, one per frame, showing the counter', () => {
    const a = Buffer.from(framePayload(7, 0, 41).b64, 'base64');
    const b = Buffer.from(framePayload(7, 0, 42).b64, 'base64');
    expect(a.equals(pcmAccessUnit(counterYuv(41, blue), 41))).toBe(true);
    expect(a.equals(b)).toBe(false);
    expect(
      nalUnits(Buffer.from(framePayload(7, 'share').b64, 'base64')).map((n) => (n[0] as number) & 0x1f),
    ).toEqual([7, 8, 5]);
  });

  it('h264-pcm - odd sizes are refused (4:2:0 crops in steps of 2)', () => {
    expect(() => pcmAccessUnit(solidYuv(31, 18, blue), 0)).toThrow(RangeError);
  });
});

describe('h264-pcm - decoding', () => {
  it.skipIf(ffmpegMissing)(
    `h264-pcm - ffmpeg decodes each frame to exactly the rendered samples, cropped to its size${ffmpegMissing ? ` (skipped: ${ffmpegMissing})` : ''}`,
    () => {
      const frames = [
        counterYuv(0, blue),
        counterYuv(1, blue),
        counterYuv(0xbeef, blue),
        counterYuv(65535, blue),
      ];
      const stream = Buffer.concat(frames.map((f, i) => pcmAccessUnit(f, i)));
      const { width, height } = FRAME_COUNTER_SIZE;
      expect(decode(stream).equals(Buffer.concat(frames.map(samples)))).toBe(true);
      expect(width * height * 1.5 * frames.length).toBe(Buffer.concat(frames.map(samples)).length);
      // Sizes that are not multiples of 16 (cropping right and bottom), each frame alone.
      for (const [w, h] of [
        [32, 18],
        [64, 36],
        [18, 16],
        [2, 2],
      ] as const) {
        const f = solidYuv(w, h, blue);
        expect(decode(pcmAccessUnit(f, 7)).equals(samples(f)), `${w}×${h}`).toBe(true);
      }
    },
  );
});
