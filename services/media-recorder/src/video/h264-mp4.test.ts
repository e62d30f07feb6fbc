import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegMissing, probeMp4 } from '../../test/video-check.js';
import { NalType, nalType, nalUnits } from './annex-b.js';
import { writeH264Mp4 } from './h264-mp4.js';
import { type ImageFrame, ImageTrack } from './image-track.js';

/** Debian's ffmpeg, a system binary (setup installs it), not a package. */
const FFMPEG = 'ffmpeg';

// The remux of H.264 frames into an MP4, against an in-memory stand-in for the recordings bucket (getBlob and
// putFile only; the bucket itself is tested in test/). With ffmpeg: a real libx264 group of pictures (IDR
// then P frames), as Zoom sends, with pauses, frames before the first IDR, a broken frame and a repeat.

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const log = pino({ level: 'silent' });
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/**
 * Stored parts of the frames (`split`: where a part ends, the last frame repeated in the next part; none: one
 * part).
 */
function memoryStore(frames: ImageFrame[], split?: number) {
  const blobs = new Map<string, Uint8Array>();
  const runs = split === undefined ? [frames] : [frames.slice(0, split), frames.slice(split - 1)];
  const parts = runs.map((run, i) => {
    const track = new ImageTrack('video/h264');
    for (const f of run) track.place(f.timestamp, f.data);
    const part = track.take(true);
    if (!part) throw new Error('empty part');
    const name = `s/parts/video/${i}.frames`;
    blobs.set(name, part.bytes);
    return { name, first: part.first, last: part.last };
  });
  const files = new Map<string, Buffer>();
  const store = {
    getBlob: async (name: string) => blobs.get(name) as Uint8Array,
    putFile: async (name: string, chunks: () => AsyncIterable<Uint8Array>) => {
      const out: Uint8Array[] = [];
      for await (const c of chunks()) out.push(c);
      const bytes = Buffer.concat(out);
      files.set(name, bytes);
      return { name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
  };
  return { parts, store, files };
}

/** Top-level boxes of an MP4: [type, size]. */
function boxes(b: Buffer): [string, number][] {
  const out: [string, number][] = [];
  for (let at = 0; at + 8 <= b.length; ) {
    const size = b.readUInt32BE(at);
    out.push([b.toString('latin1', at + 4, at + 8), size]);
    at += size;
  }
  return out;
}

/** The slices (coded pictures) of Annex-B bytes, as hex. */
const sliceHex = (b: Uint8Array) =>
  nalUnits(b)
    .filter((n) => nalType(n) === NalType.slice || nalType(n) === NalType.idr)
    .map((n) => Buffer.from(n).toString('hex'));

/** ffmpeg on an MP4: its error output, the frames it decoded, and the slices copied out (no re-encoding). */
function decodeMp4(local: string) {
  const decoded = spawnSync(FFMPEG, ['-v', 'error', '-i', local, '-f', 'framemd5', '-'], {
    encoding: 'utf8',
  });
  const copied = spawnSync(FFMPEG, ['-v', 'error', '-i', local, '-c', 'copy', '-f', 'h264', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  }).stdout;
  return {
    errors: decoded.stderr,
    frames: decoded.stdout.split('\n').filter((l) => /^0,/.test(l)).length,
    slices: sliceHex(copied),
  };
}

/** The MP4 written into a temporary folder (removed after the tests); its path. */
async function localCopy(mp4: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'h264-mp4-'));
  dirs.push(dir);
  const local = path.join(dir, 'video.mp4');
  await writeFile(local, mp4);
  return local;
}

describe('h264-mp4 - structure', () => {
  it('h264-mp4 - frames become samples with 4-byte lengths, the SPS and PPS go to the sample entry', async () => {
    const sps = '6742c00ad902cff9f0110000030001000003000a0f122648'; // libx264, 176×100
    const params = `00000001${sps}0000000168ce3c80`;
    const frames: ImageFrame[] = [
      { timestamp: 900, data: hex('0000000141aa') }, // a P frame before any IDR: left out
      { timestamp: 1000, data: hex(`${params}0000000165888480`) },
      { timestamp: 1200, data: hex('00000141ab') }, // 3-byte start code
      { timestamp: 1300, data: hex('ffd8ffe0') }, // not Annex B: left out
      { timestamp: 1400, data: hex('00000001419a') },
      { timestamp: 2400, data: hex(`0000000109f000000001${sps}0000000168ce3c800000000165889980`) },
    ];
    const { parts, store, files } = memoryStore(frames, 3);
    const file = await writeH264Mp4({ name: 's/video.mp4', parts, store, log });
    expect(file).toMatchObject({
      format: 'video/mp4;codec=avc1;width=176;height=100',
      startTimestamp: 1000,
      frames: 4,
      durationMs: 2400 - 1000 + 200, // the last frame lasts the usual gap
    });
    const mp4 = files.get('s/video.mp4') as Buffer;
    expect([file?.bytes, file?.sha256]).toEqual([mp4.length, createHash('sha256').update(mp4).digest('hex')]);
    expect(boxes(mp4).map(([t]) => t)).toEqual(['ftyp', 'moov', 'mdat']);
    // mdat: the slices with lengths; the AUD and the repeated SPS/PPS are not in the samples.
    const mdat = mp4.subarray(mp4.length - ((boxes(mp4).at(-1) as [string, number])[1] - 8));
    expect(mdat.toString('hex')).toBe(
      ['00000004', '65888480', '00000002', '41ab', '00000002', '419a', '00000004', '65889980'].join(''),
    );
    expect(mp4.includes(Buffer.from('avcC'))).toBe(true);
  });

  it('h264-mp4 - pieces of one timestamp (SPS+PPS, then the IDR; two slices; a repeat) make one sample', async () => {
    const sps = '6742c00ad902cff9f0110000030001000003000a0f122648'; // libx264, 176×100
    const frames: ImageFrame[] = [
      { timestamp: 1000, data: hex(`00000001${sps}0000000168ce3c80`) }, // parameter sets alone
      { timestamp: 1000, data: hex('0000000165888480') }, // then the IDR slice
      { timestamp: 1000, data: hex('0000000165888480') }, // the IDR again: refused
      { timestamp: 1200, data: hex('000000014180') }, // a picture in two slices
      { timestamp: 1200, data: hex('0000000141c0') },
    ];
    const { parts, store, files } = memoryStore(frames, frames.length);
    const file = await writeH264Mp4({ name: 's/video.mp4', parts, store, log });
    expect(file).toMatchObject({ startTimestamp: 1000, frames: 2, durationMs: 400 });
    const mp4 = files.get('s/video.mp4') as Buffer;
    const mdat = mp4.subarray(mp4.length - ((boxes(mp4).at(-1) as [string, number])[1] - 8));
    expect(mdat.toString('hex')).toBe(
      ['00000004', '65888480', '00000002', '4180', '00000002', '41c0'].join(''),
    );
  });

  it('h264-mp4 - no decodable frame: no file', async () => {
    const { parts, store, files } = memoryStore(
      [
        { timestamp: 1, data: hex('0000000141aa') },
        { timestamp: 2, data: hex('0000000141ab') },
      ],
      1,
    );
    expect(await writeH264Mp4({ name: 's/share.mp4', parts, store, log })).toBeUndefined();
    expect(files.size).toBe(0);
  });
});

/** libx264's Annex B (baseline, an IDR every 10 frames, P frames between), `slices` per picture. */
function x264(frames: number, slices = 1): Buffer {
  // biome-ignore format: one option per line reads best
  const r = spawnSync(FFMPEG, [
    '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=176x100:rate=5', '-frames:v', String(frames),
    '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-profile:v', 'baseline', '-g', '10', '-sc_threshold', '0',
    '-slices', String(slices), '-f', 'h264', '-',
  ], { maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return r.stdout;
}

/** A libx264 stream (IDR every 10 frames, P frames between) split into access units. */
function x264AccessUnits(): Uint8Array[] {
  const aus: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  for (const nal of nalUnits(x264(30))) {
    pending.push(Buffer.concat([Buffer.from([0, 0, 0, 1]), nal]));
    const t = nalType(nal);
    if (t === NalType.slice || t === NalType.idr) {
      aus.push(Buffer.concat(pending));
      pending = [];
    }
  }
  return aus;
}

describe('h264-mp4 - with ffmpeg', () => {
  it.skipIf(ffmpegMissing)(
    `h264-mp4 - a group of pictures is remuxed: pts = timestamp − first, P frames decode, nothing re-encoded${ffmpegMissing ? ` (skipped: ${ffmpegMissing})` : ''}`,
    async () => {
      const aus = x264AccessUnits();
      const isIdr = (au: Uint8Array) => nalUnits(au).some((n) => nalType(n) === NalType.idr);
      expect(aus.map((au, i) => (isIdr(au) ? i : -1)).filter((i) => i >= 0)).toEqual([0, 10, 20]);
      // From frame 3: frames 3–9 come before the first IDR. A pause of 1 s after frame 14, a broken frame.
      const frames: ImageFrame[] = aus.slice(3).map((data, k) => ({
        timestamp: 50_000 + (k + 3) * 200 + (k + 3 > 14 ? 1000 : 0),
        data,
      }));
      frames.splice(12, 0, { timestamp: (frames[11] as ImageFrame).timestamp + 100, data: hex('00000001') });
      const { parts, store, files } = memoryStore(frames, 15);
      const file = await writeH264Mp4({ name: 's/video.mp4', parts, store, log });
      const kept = frames.filter((f) => f.timestamp >= 52_000 && f.data.length > 4);
      expect(kept).toHaveLength(20);
      expect(file).toMatchObject({ frames: 20, startTimestamp: 52_000, durationMs: 56_800 - 52_000 + 200 });
      const local = await localCopy(files.get('s/video.mp4') as Buffer);
      const probe = probeMp4(local);
      expect([probe.width, probe.height]).toEqual([176, 100]);
      expect(probe.ptsMs).toEqual(kept.map((f) => f.timestamp - 52_000));
      expect(probe.durationMs).toBe(file?.durationMs);
      // Every sample decodes without an error; the bytes are libx264's (no re-encoding).
      expect(decodeMp4(local)).toEqual({
        errors: '',
        frames: 20,
        slices: kept.flatMap((f) => sliceHex(f.data)),
      });
    },
  );
});

/**
 * A libx264 stream of two slices per picture as separate messages: per picture the parameter sets and SEI
 * (when any) in one message, then each slice in a message of its own, all with the picture's timestamp.
 */
function x264SliceMessages(frames: number): Uint8Array[][] {
  const pictures: Uint8Array[][] = [];
  let other: Uint8Array[] = [];
  for (const nal of nalUnits(x264(frames, 2))) {
    const unit = Buffer.concat([Buffer.from([0, 0, 0, 1]), nal]);
    const t = nalType(nal);
    if (t !== NalType.slice && t !== NalType.idr) {
      other.push(unit);
      continue;
    }
    // first_mb_in_slice is ue(v), 0 is a single 1 bit: the first slice of a picture.
    if ((nal[1] as number) & 0x80) pictures.push(other.length ? [Buffer.concat(other)] : []);
    other = [];
    pictures.at(-1)?.push(unit);
  }
  return pictures;
}

describe('h264-mp4 - pieces with ffmpeg', () => {
  it.skipIf(ffmpegMissing)(
    `h264-mp4 - parameter sets and slices as separate messages of one timestamp: one sample per picture, decodes, slices unchanged${ffmpegMissing ? ` (skipped: ${ffmpegMissing})` : ''}`,
    async () => {
      const pictures = x264SliceMessages(12);
      expect(pictures).toHaveLength(12);
      // An IDR picture: parameter sets (+ SEI), two slices; a P picture: two slices.
      expect(pictures.map((p) => p.length)).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2]);
      const track = new ImageTrack('video/h264');
      const messages: ImageFrame[] = [];
      pictures.forEach((pieces, k) => {
        const timestamp = 1000 + k * 200;
        for (const data of pieces) expect(track.place(timestamp, data)).toBe(timestamp);
        // A resend of a piece (the first slice) is refused, not joined twice.
        expect(track.place(timestamp, pieces.at(-2) as Uint8Array)).toBe(-1);
        messages.push(...[...pieces, pieces.at(-2) as Uint8Array].map((data) => ({ timestamp, data })));
      });
      const { parts, store, files } = memoryStore(messages);
      const file = await writeH264Mp4({ name: 's/video.mp4', parts, store, log });
      expect(file).toMatchObject({ frames: 12, startTimestamp: 1000, durationMs: 12 * 200 });
      const local = await localCopy(files.get('s/video.mp4') as Buffer);
      expect(probeMp4(local).ptsMs).toEqual(pictures.map((_, k) => k * 200));
      // Each sample decodes, and holds its picture's two slices, byte for byte, in arrival order.
      expect(decodeMp4(local)).toEqual({
        errors: '',
        frames: 12,
        slices: pictures.flatMap((p) => p.flatMap(sliceHex)),
      });
    },
  );
});
