// G.711 (ITU-T G.711): RTMS's audio `codec` 2 is G.711 A-law (docs/rtms-protocol.md, media parameters),
// which the connector labels `audio/PCMA`; µ-law (`audio/PCMU`, the RTP name) is decoded the same way. One
// byte per sample: decoding expands through a 256-entry table to 16-bit little-endian samples; the simulator
// encodes A-law. Stateless, unlike G.722 and Opus.

function alawSample(byte: number): number {
  const a = byte ^ 0x55;
  const seg = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t += seg === 0 ? 8 : 0x108;
  if (seg > 1) t <<= seg - 1;
  return a & 0x80 ? t : -t;
}

function ulawSample(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

/** Each byte's sample as two little-endian bytes. */
function table(decode: (byte: number) => number): Uint8Array {
  const bytes = Buffer.alloc(512);
  for (let b = 0; b < 256; b++) bytes.writeInt16LE(decode(b), b * 2);
  return new Uint8Array(bytes);
}
const TABLES = { PCMA: table(alawSample), PCMU: table(ulawSample) };

export type G711Codec = keyof typeof TABLES;

/** G.711 bytes (one sample each) as 16-bit little-endian PCM bytes. */
export function g711ToPcm16(codec: G711Codec, data: Uint8Array): Uint8Array {
  const lookup = TABLES[codec];
  const out = new Uint8Array(data.length * 2);
  for (let i = 0; i < data.length; i++) {
    const at = (data[i] as number) * 2;
    out[i * 2] = lookup[at] as number;
    out[i * 2 + 1] = lookup[at + 1] as number;
  }
  return out;
}

const SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

/** The A-law code word of a 16-bit sample. */
export function alawEncode(sample: number): number {
  let s = sample >> 3;
  let mask = 0xd5;
  if (s < 0) {
    s = -s - 1;
    mask = 0x55;
  }
  const seg = SEGMENT_ENDS.findIndex((e) => s <= e);
  if (seg < 0) return 0x7f ^ mask;
  return ((seg << 4) | ((seg < 2 ? s >> 1 : s >> seg) & 0x0f)) ^ mask;
}
