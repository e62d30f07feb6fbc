import type { SpsInfo } from './h264-sps.js';

// The boxes of an MP4 holding one H.264 track (ISO/IEC 14496-12 and 14496-15), written by hand: ftyp, then
// moov (so a player starts at once, like ffmpeg's +faststart), then mdat, whose samples (access units with
// 4-byte NAL lengths) the caller streams after this head. Times are in ms (timescale 1000): each sample
// lasts until the next frame's Zoom timestamp, so its presentation time is its timestamp − the first's. One
// sample per chunk; sync samples (IDR) listed in stss. Decoding order is presentation order (no ctts).

export interface Mp4Sample {
  /** Bytes in mdat (NAL units with 4-byte lengths). */
  size: number;
  /** In ms, to the next sample. */
  duration: number;
  /** An IDR picture: a player can start here. */
  sync: boolean;
}

export interface AvcTrack {
  sps: Uint8Array;
  pps: Uint8Array;
  info: SpsInfo;
  samples: Mp4Sample[];
}

const u8 = (...n: number[]) => Uint8Array.from(n);
function u16(n: number): Uint8Array {
  return u8((n >> 8) & 0xff, n & 0xff);
}
function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}
function u64(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
}
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const zeros = (n: number) => new Uint8Array(n);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const body = concat(payload);
  return concat([u32(8 + body.length), ascii(type), body]);
}

/** A full box: version 0 and flags before the payload. */
const fullBox = (type: string, flags: number, ...payload: Uint8Array[]) => box(type, u32(flags), ...payload);

/** The identity transform of mvhd and tkhd. */
const MATRIX = concat([0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].map(u32));

/** AVCDecoderConfigurationRecord (14496-15 §5.3.3.1), with the High profiles' extension fields. */
function avcC(t: AvcTrack): Uint8Array {
  const { info } = t;
  const high = ![66, 77, 88].includes(info.profile);
  return box(
    'avcC',
    u8(1, info.profile, info.compatibility, info.level, 0xff), // 4-byte NAL lengths
    u8(0xe1),
    u16(t.sps.length),
    t.sps,
    u8(1),
    u16(t.pps.length),
    t.pps,
    high
      ? u8(0xfc | info.chromaFormat, 0xf8 | (info.bitDepthLuma - 8), 0xf8 | (info.bitDepthChroma - 8), 0)
      : u8(),
  );
}

function avc1(t: AvcTrack): Uint8Array {
  const name = zeros(32); // compressorname: empty Pascal string
  return box(
    'avc1',
    zeros(6),
    u16(1), // data_reference_index
    zeros(16),
    u16(t.info.width),
    u16(t.info.height),
    u32(0x00480000), // 72 dpi
    u32(0x00480000),
    u32(0),
    u16(1), // frame_count
    name,
    u16(0x18), // depth
    u16(0xffff), // pre_defined −1
    avcC(t),
  );
}

/** stts: runs of equal durations. */
function stts(samples: Mp4Sample[]): Uint8Array {
  const runs: [number, number][] = [];
  for (const s of samples) {
    const last = runs.at(-1);
    if (last && last[1] === s.duration) last[0]++;
    else runs.push([1, s.duration]);
  }
  return fullBox('stts', 0, u32(runs.length), ...runs.flatMap(([n, d]) => [u32(n), u32(d)]));
}

function sampleTable(t: AvcTrack, firstOffset: number, wide: boolean): Uint8Array {
  const { samples } = t;
  const sync = samples.flatMap((s, i) => (s.sync ? [i + 1] : []));
  const offsets: Uint8Array[] = [];
  let at = firstOffset;
  for (const s of samples) {
    offsets.push(wide ? u64(at) : u32(at));
    at += s.size;
  }
  return box(
    'stbl',
    fullBox('stsd', 0, u32(1), avc1(t)),
    stts(samples),
    fullBox('stss', 0, u32(sync.length), ...sync.map(u32)),
    fullBox('stsc', 0, u32(1), u32(1), u32(1), u32(1)), // one sample per chunk
    fullBox('stsz', 0, u32(0), u32(samples.length), ...samples.map((s) => u32(s.size))),
    fullBox(wide ? 'co64' : 'stco', 0, u32(samples.length), ...offsets),
  );
}

function moov(t: AvcTrack, firstOffset: number, wide: boolean): Uint8Array {
  const duration = t.samples.reduce((n, s) => n + s.duration, 0);
  const { width, height } = t.info;
  return box(
    'moov',
    fullBox(
      'mvhd',
      0,
      u32(0),
      u32(0),
      u32(1000),
      u32(duration),
      u32(0x10000),
      u16(0x100),
      zeros(10),
      MATRIX,
      zeros(24),
      u32(2),
    ),
    box(
      'trak',
      fullBox(
        'tkhd',
        3,
        u32(0),
        u32(0),
        u32(1),
        u32(0),
        u32(duration),
        zeros(8),
        u16(0),
        u16(0),
        u16(0),
        u16(0),
        MATRIX,
        u32(width * 0x10000),
        u32(height * 0x10000),
      ),
      box(
        'mdia',
        fullBox('mdhd', 0, u32(0), u32(0), u32(1000), u32(duration), u16(0x55c4), u16(0)), // language 'und'
        fullBox('hdlr', 0, u32(0), ascii('vide'), zeros(12), ascii('VideoHandler\0')),
        box(
          'minf',
          fullBox('vmhd', 1, zeros(8)),
          box('dinf', fullBox('dref', 0, u32(1), fullBox('url ', 1))),
          sampleTable(t, firstOffset, wide),
        ),
      ),
    ),
  );
}

const FTYP = box('ftyp', ascii('isom'), u32(0x200), ascii('isomiso2avc1mp41'));

/** ftyp, moov and mdat's header: the samples' bytes, in order, are the rest of the file. */
export function mp4Head(t: AvcTrack): Uint8Array {
  const data = t.samples.reduce((n, s) => n + s.size, 0);
  const large = data + 8 > 0xffffffff;
  const mdatHead = large
    ? concat([u32(1), ascii('mdat'), u64(data + 16)])
    : concat([u32(data + 8), ascii('mdat')]);
  // moov's size does not depend on the offsets' values, only on their width.
  const wide = FTYP.length + mdatHead.length + data + moov(t, 0, true).length > 0xffffffff;
  const size = moov(t, 0, wide).length;
  return concat([FTYP, moov(t, FTYP.length + size + mdatHead.length, wide), mdatHead]);
}
