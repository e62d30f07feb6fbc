import { rbspOf } from './annex-b.js';

// What the MP4 needs from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1, §7.4.2.1.1): the
// displayed size (coded macroblocks minus the frame cropping), profile, level and, for the High profiles'
// avcC extension, chroma format and bit depths.

export interface SpsInfo {
  profile: number;
  /** The constraint flags byte (profile_compatibility in avcC). */
  compatibility: number;
  level: number;
  chromaFormat: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  width: number;
  height: number;
}

/** Profiles whose SPS carries chroma format, bit depths and scaling matrices (§7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

class BitReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  bit(): number {
    const byte = this.bytes[this.at >> 3];
    if (byte === undefined) throw new RangeError('parameter set ends early');
    return (byte >> (7 - (this.at++ & 7))) & 1;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }

  /** ue(v), §9.1. */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) if (++zeros > 31) throw new RangeError('bad Exp-Golomb code');
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** se(v), §9.1.1. */
  se(): number {
    const k = this.ue();
    return k % 2 ? (k + 1) / 2 : -k / 2;
  }
}

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** The SPS's fields the MP4 needs; throws a RangeError when it is cut short or malformed. */
export function parseSps(nal: Uint8Array): SpsInfo {
  const r = new BitReader(rbspOf(nal));
  const profile = r.bits(8);
  const compatibility = r.bits(8);
  const level = r.bits(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormat = 1;
  let separatePlanes = 0;
  let bitDepthLuma = 8;
  let bitDepthChroma = 8;
  if (HIGH_PROFILES.has(profile)) {
    chromaFormat = r.ue();
    if (chromaFormat === 3) separatePlanes = r.bit();
    bitDepthLuma = r.ue() + 8;
    bitDepthChroma = r.ue() + 8;
    r.bit(); // qpprime_y_zero_transform_bypass_flag
    if (r.bit()) {
      for (let i = 0; i < (chromaFormat === 3 ? 12 : 8); i++)
        if (r.bit()) skipScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.bit();
    r.se();
    r.se();
    const cycle = r.ue();
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.bit(); // gaps_in_frame_num_value_allowed_flag
  const mbsWide = r.ue() + 1;
  const mapUnitsHigh = r.ue() + 1;
  const frameMbsOnly = r.bit();
  if (!frameMbsOnly) r.bit(); // mb_adaptive_frame_field_flag
  r.bit(); // direct_8x8_inference_flag
  const crop = r.bit() ? [r.ue(), r.ue(), r.ue(), r.ue()] : [0, 0, 0, 0];
  // Crop units (§7.4.2.1.1): chroma subsampling, and two rows per unit for field coding.
  const chromaArrayType = separatePlanes ? 0 : chromaFormat;
  const unitX = chromaArrayType === 0 || chromaArrayType === 3 ? 1 : 2;
  const unitY = (chromaArrayType === 1 ? 2 : 1) * (2 - frameMbsOnly);
  const [left, right, top, bottom] = crop as [number, number, number, number];
  const width = mbsWide * 16 - unitX * (left + right);
  const height = (2 - frameMbsOnly) * mapUnitsHigh * 16 - unitY * (top + bottom);
  if (width <= 0 || height <= 0) throw new RangeError(`cropped to ${width}×${height}`);
  return { profile, compatibility, level, chromaFormat, bitDepthLuma, bitDepthChroma, width, height };
}
