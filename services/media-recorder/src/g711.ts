import type { AudioFormat } from './format.js';

// G.711 to 16-bit PCM (ITU-T G.711): RTMS's audio `codec` 2 is G.711 A-law (docs/rtms-protocol.md, media
// parameters), which the connector labels `audio/PCMA`; µ-law (`audio/PCMU`, the RTP name) is decoded the
// same way. One byte per sample, expanded through a 256-entry table to the 16-bit little-endian samples every
// track holds, so the WAV is PCM like L16's.

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
const TABLES: Record<string, Uint8Array> = { PCMA: table(alawSample), PCMU: table(ulawSample) };

/** Codecs whose frames are decoded to 16-bit PCM before they are placed (L16 already is). */
export const G711_CODECS = Object.keys(TABLES);

/** A frame's bytes as 16-bit little-endian PCM: L16 as it is, G.711 decoded (one sample per byte). */
export function toPcm16(format: AudioFormat, data: Uint8Array): Uint8Array {
  const lookup = TABLES[format.codec];
  if (!lookup) return data;
  const out = new Uint8Array(data.length * 2);
  for (let i = 0; i < data.length; i++) {
    const at = (data[i] as number) * 2;
    out[i * 2] = lookup[at] as number;
    out[i * 2 + 1] = lookup[at + 1] as number;
  }
  return out;
}
