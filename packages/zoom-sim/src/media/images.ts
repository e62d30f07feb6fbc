import { deflateSync } from 'node:zlib';
import type { YuvFrame } from './h264-pcm.js';

// Tiny solid-colour video frames, built once: a baseline JPEG (DC-only blocks, quantisation 1), a PNG, and
// YUV pictures for the H.264 frames (h264-pcm.ts). They decode in any viewer; one colour per speaker makes
// the active speaker visible in recordings.

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

class BitWriter {
  private readonly out: number[] = [];
  private acc = 0;
  private n = 0;
  write(bits: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((bits >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0x00); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1);
    return this.out;
  }
}

// Standard DC luminance table (ITU T.81 K.3): code lengths per category 0..11; one AC symbol (EOB) of length 1.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CODES: [number, number][] = [
  [0b00, 2],
  [0b010, 3],
  [0b011, 3],
  [0b100, 3],
  [0b101, 3],
  [0b110, 3],
  [0b1110, 4],
  [0b11110, 5],
  [0b111110, 6],
  [0b1111110, 7],
  [0b11111110, 8],
  [0b111111110, 9],
];

function writeDc(w: BitWriter, diff: number): void {
  const mag = Math.abs(diff);
  const cat = mag === 0 ? 0 : Math.floor(Math.log2(mag)) + 1;
  const [code, len] = DC_CODES[cat] as [number, number];
  w.write(code, len);
  if (cat > 0) w.write(diff > 0 ? diff : diff + (1 << cat) - 1, cat);
  w.write(0, 1); // EOB: every AC coefficient is zero
}

type Rgb = [number, number, number];

/** DC values (Y, Cb, Cr) of a colour at quantisation 1. */
function dcOf([r, g, b]: Rgb): number[] {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    -0.1687 * r - 0.3313 * g + 0.5 * b + 128,
    0.5 * r - 0.4187 * g - 0.0813 * b + 128,
  ].map((v) => Math.round(8 * (Math.min(255, Math.max(0, v)) - 128)));
}

/** A baseline JPEG of one colour. */
export function solidJpeg(width: number, height: number, rgb: Rgb): Buffer {
  return blockJpeg(width, height, () => rgb);
}

/** The frame counter of a simulator video frame: its row of 16 bit blocks, and `frame=<n>` in a comment. */
export const FRAME_COUNTER_SIZE = { width: 128, height: 24 } as const;
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

/**
 * A video frame with a visible and parsable counter: the top row of 8×8 blocks shows `counter` (mod 65536)
 * in binary, most significant bit left (white 1, black 0), the rest is the speaker's colour, and a COM
 * segment says `rtms-sim frame=<counter>`.
 */
export function counterJpeg(counter: number, rgb: Rgb): Buffer {
  return blockJpeg(
    FRAME_COUNTER_SIZE.width,
    FRAME_COUNTER_SIZE.height,
    counterBlocks(counter, rgb),
    `rtms-sim frame=${counter}`,
  );
}

/** Each 8×8 block's colour in a counter frame: `counter` (mod 65536) in the top row, `rgb` below. */
function counterBlocks(counter: number, rgb: Rgb): (bx: number, by: number) => Rgb {
  const n = counter & 0xffff;
  return (bx, by) => (by > 0 ? rgb : (n >> (15 - bx)) & 1 ? WHITE : BLACK);
}

/** counterJpeg's picture (without the comment) as YUV 4:2:0 samples, for the H.264 frames (h264-pcm.ts). */
export function counterYuv(counter: number, rgb: Rgb): YuvFrame {
  return blockYuv(FRAME_COUNTER_SIZE.width, FRAME_COUNTER_SIZE.height, counterBlocks(counter, rgb));
}

/** A YUV 4:2:0 picture of one colour (even sizes). */
export function solidYuv(width: number, height: number, rgb: Rgb): YuvFrame {
  return blockYuv(width, height, () => rgb);
}

/** A YUV 4:2:0 picture of 8×8 blocks of one colour each: BT.601, limited range (Y 16–235), as H.264 assumes. */
function blockYuv(width: number, height: number, colourAt: (bx: number, by: number) => Rgb): YuvFrame {
  const y = new Uint8Array(width * height);
  const u = new Uint8Array((width / 2) * (height / 2));
  const v = new Uint8Array(u.length);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const [r, g, b] = colourAt(px >> 3, py >> 3);
      y[py * width + px] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
      if (px % 2 || py % 2) continue;
      const c = (py / 2) * (width / 2) + px / 2;
      u[c] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      v[c] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return { width, height, y, u, v };
}

/** The counter in a frame's COM segment (`rtms-sim frame=<n>`), if it has one. */
export function frameCounterOf(jpeg: Uint8Array): number | undefined {
  for (let i = 2; i + 4 < jpeg.length && jpeg[i] === 0xff; ) {
    const marker = jpeg[i + 1] as number;
    const length = ((jpeg[i + 2] as number) << 8) | (jpeg[i + 3] as number);
    if (marker === 0xfe) {
      const m = /^rtms-sim frame=(\d+)$/.exec(
        Buffer.from(jpeg.subarray(i + 4, i + 2 + length)).toString('latin1'),
      );
      return m ? Number(m[1]) : undefined;
    }
    if (marker === 0xda) return undefined;
    i += 2 + length;
  }
  return undefined;
}

/** A baseline JPEG of 8×8 blocks, each one colour (`colourAt(block x, block y)`), with an optional comment. */
function blockJpeg(
  width: number,
  height: number,
  colourAt: (bx: number, by: number) => Rgb,
  comment?: string,
): Buffer {
  const w = new BitWriter();
  const prev = [0, 0, 0];
  for (let by = 0; by < Math.ceil(height / 8); by++) {
    for (let bx = 0; bx < Math.ceil(width / 8); bx++) {
      const dc = dcOf(colourAt(bx, by));
      for (let c = 0; c < 3; c++) {
        writeDc(w, (dc[c] as number) - (prev[c] as number));
        prev[c] = dc[c] as number;
      }
    }
  }
  const com =
    comment === undefined ? [] : [0xff, 0xfe, ...u16(2 + comment.length), ...Buffer.from(comment, 'latin1')];
  const comp = (id: number) => [id, 0x11, 0];
  const bytes = [
    0xff,
    0xd8,
    0xff,
    0xe0,
    ...u16(16),
    0x4a,
    0x46,
    0x49,
    0x46,
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    ...com,
    0xff,
    0xdb,
    ...u16(67),
    0,
    ...new Array(64).fill(1),
    0xff,
    0xc0,
    ...u16(17),
    8,
    ...u16(height),
    ...u16(width),
    3,
    ...comp(1),
    ...comp(2),
    ...comp(3),
    0xff,
    0xc4,
    ...u16(2 + 17 + 12 + 17 + 1),
    0x00,
    ...DC_BITS,
    ...Array.from({ length: 12 }, (_, i) => i),
    0x10,
    1,
    ...new Array(15).fill(0),
    0x00,
    0xff,
    0xda,
    ...u16(12),
    3,
    1,
    0x00,
    2,
    0x00,
    3,
    0x00,
    0,
    63,
    0,
    ...w.finish(),
    0xff,
    0xd9,
  ];
  return Buffer.from(bytes);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of one colour. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(new Array(width).fill(rgb).flat())]);
  const raw = Buffer.concat(new Array(height).fill(row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Frame colours: one per speaker (cycled), and a light grey for screen shares. */
export const SPEAKER_COLOURS: readonly [number, number, number][] = [
  [59, 130, 246],
  [239, 68, 68],
  [16, 185, 129],
  [245, 158, 11],
  [139, 92, 246],
  [236, 72, 153],
];
export const SHARE_COLOUR: [number, number, number] = [226, 232, 240];
