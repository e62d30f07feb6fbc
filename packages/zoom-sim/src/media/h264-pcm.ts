// A tiny H.264 encoder for the simulator's video and share frames (codec 7, docs/rtms-protocol.md §4.1 and
// §4.3: `data` is H.264 in Annex B). Every macroblock is coded as I_PCM (ITU-T H.264 §7.3.5: mb_type 25,
// then the raw samples), so the picture decodes to exactly the pixels given, with no transform, prediction
// or entropy coding to get wrong. Each frame is one access unit: SPS, PPS and one IDR slice (Constrained
// Baseline, CAVLC, deblocking off), so any frame decodes on its own. Real Zoom sends a group of pictures
// (an IDR with its parameter sets, then P frames that need the frames before them); a recorder must not
// assume every frame is an IDR. About 400 bytes per 16×16 macroblock: fine for the simulator's small frames.

/** A picture in YUV 4:2:0, 8-bit, limited range: `y` is width × height, `u` and `v` (width/2) × (height/2). */
export interface YuvFrame {
  width: number;
  height: number;
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
}

const START_CODE = [0, 0, 0, 1];
/** nal_ref_idc 3 in each header byte (§7.4.1): SPS 7, PPS 8, IDR slice 5. */
const NAL = { sps: 0x67, pps: 0x68, idr: 0x65 } as const;
const I_PCM = 25;
/** Level 3.0: enough for the bit rate of uncompressed samples at the simulator's sizes and 30 fps. */
const LEVEL_IDC = 30;

/** Bits of an RBSP (§7.2): fixed-length fields, Exp-Golomb codes (§9.1), and whole bytes once aligned. */
class RbspWriter {
  private readonly out: number[] = [];
  private acc = 0;
  private n = 0;

  bits(value: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | (Math.floor(value / 2 ** i) & 1);
      if (++this.n === 8) {
        this.out.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }

  /** ue(v): len − 1 zeros, then value + 1 in len bits. */
  ue(value: number): void {
    const len = Math.floor(Math.log2(value + 1)) + 1;
    this.bits(0, len - 1);
    this.bits(value + 1, len);
  }

  /** se(v): 0, 1, −1, 2, −2 … as ue 0, 1, 2, 3, 4 … */
  se(value: number): void {
    this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** Zero bits up to the next byte boundary (pcm_alignment_zero_bit). */
  align(): void {
    while (this.n !== 0) this.bits(0, 1);
  }

  /** Whole bytes; the writer must be aligned. */
  bytes(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.out.push(values[i] as number);
  }

  /** rbsp_trailing_bits: a one, then zeros to the byte boundary. */
  finish(): number[] {
    this.bits(1, 1);
    this.align();
    return this.out;
  }
}

/** A NAL unit with its start code: header byte, then the RBSP with emulation prevention bytes (§7.4.1.1). */
function nalUnit(header: number, rbsp: number[]): number[] {
  const out = [...START_CODE, header];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out;
}

interface Geometry {
  mbsWide: number;
  mbsHigh: number;
}

function geometry(frame: YuvFrame): Geometry {
  const { width, height } = frame;
  if (width < 2 || height < 2 || width % 2 || height % 2)
    throw new RangeError(`an H.264 4:2:0 frame needs even sizes, not ${width}×${height}`);
  return { mbsWide: Math.ceil(width / 16), mbsHigh: Math.ceil(height / 16) };
}

/** seq_parameter_set_rbsp (§7.3.2.1.1), with frame cropping when the size is not a multiple of 16. */
function sps(frame: YuvFrame, g: Geometry): number[] {
  const w = new RbspWriter();
  w.bits(66, 8); // profile_idc: Baseline
  w.bits(0b11000000, 8); // constraint_set0 and set1: Constrained Baseline
  w.bits(LEVEL_IDC, 8);
  w.ue(0); // seq_parameter_set_id
  w.ue(0); // log2_max_frame_num_minus4
  w.ue(2); // pic_order_cnt_type 2: order = decoding order
  w.ue(1); // max_num_ref_frames
  w.bits(0, 1); // gaps_in_frame_num_value_allowed_flag
  w.ue(g.mbsWide - 1);
  w.ue(g.mbsHigh - 1);
  w.bits(1, 1); // frame_mbs_only_flag
  w.bits(1, 1); // direct_8x8_inference_flag
  const cropRight = (g.mbsWide * 16 - frame.width) / 2; // in units of 2 samples (4:2:0, frames only)
  const cropBottom = (g.mbsHigh * 16 - frame.height) / 2;
  const crop = cropRight > 0 || cropBottom > 0;
  w.bits(crop ? 1 : 0, 1);
  if (crop) {
    w.ue(0);
    w.ue(cropRight);
    w.ue(0);
    w.ue(cropBottom);
  }
  w.bits(0, 1); // vui_parameters_present_flag: timing comes from the container
  return w.finish();
}

/** pic_parameter_set_rbsp (§7.3.2.2): CAVLC, one slice group, deblocking control present. */
function pps(): number[] {
  const w = new RbspWriter();
  w.ue(0); // pic_parameter_set_id
  w.ue(0); // seq_parameter_set_id
  w.bits(0, 1); // entropy_coding_mode_flag: CAVLC
  w.bits(0, 1); // bottom_field_pic_order_in_frame_present_flag
  w.ue(0); // num_slice_groups_minus1
  w.ue(0); // num_ref_idx_l0_default_active_minus1
  w.ue(0); // num_ref_idx_l1_default_active_minus1
  w.bits(0, 1); // weighted_pred_flag
  w.bits(0, 2); // weighted_bipred_idc
  w.se(0); // pic_init_qp_minus26
  w.se(0); // pic_init_qs_minus26
  w.se(0); // chroma_qp_index_offset
  w.bits(1, 1); // deblocking_filter_control_present_flag
  w.bits(0, 1); // constrained_intra_pred_flag
  w.bits(0, 1); // redundant_pic_cnt_present_flag
  return w.finish();
}

/** The samples of a macroblock in raster order; outside the picture the edge sample repeats (cropped). */
function block(plane: Uint8Array, planeW: number, planeH: number, x0: number, y0: number, size: number) {
  const out = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const row = Math.min(y0 + y, planeH - 1) * planeW;
    for (let x = 0; x < size; x++) out[y * size + x] = plane[row + Math.min(x0 + x, planeW - 1)] as number;
  }
  return out;
}

/** An IDR slice (§7.3.3, §7.3.4) of every macroblock as I_PCM (§7.3.5). */
function idrSlice(frame: YuvFrame, g: Geometry, idrPicId: number): number[] {
  const w = new RbspWriter();
  w.ue(0); // first_mb_in_slice
  w.ue(7); // slice_type: I, every slice of the picture
  w.ue(0); // pic_parameter_set_id
  w.bits(0, 4); // frame_num (log2_max_frame_num 4): 0 in an IDR picture
  w.ue(idrPicId); // differs between consecutive IDR pictures
  w.bits(0, 1); // dec_ref_pic_marking: no_output_of_prior_pics_flag
  w.bits(0, 1); // long_term_reference_flag
  w.se(0); // slice_qp_delta
  w.ue(1); // disable_deblocking_filter_idc: off, so the samples stay exact
  const cw = frame.width / 2;
  const ch = frame.height / 2;
  for (let my = 0; my < g.mbsHigh; my++) {
    for (let mx = 0; mx < g.mbsWide; mx++) {
      w.ue(I_PCM);
      w.align();
      w.bytes(block(frame.y, frame.width, frame.height, mx * 16, my * 16, 16));
      w.bytes(block(frame.u, cw, ch, mx * 8, my * 8, 8));
      w.bytes(block(frame.v, cw, ch, mx * 8, my * 8, 8));
    }
  }
  return w.finish();
}

/**
 * One frame as an H.264 access unit in Annex B: SPS, PPS and an IDR slice of I_PCM macroblocks, so it
 * decodes alone to exactly `frame`'s samples. `idrPicId` (0…65535) must differ from the previous frame's.
 */
export function pcmAccessUnit(frame: YuvFrame, idrPicId: number): Buffer {
  const g = geometry(frame);
  return Buffer.from([
    ...nalUnit(NAL.sps, sps(frame, g)),
    ...nalUnit(NAL.pps, pps()),
    ...nalUnit(NAL.idr, idrSlice(frame, g, idrPicId & 0xffff)),
  ]);
}
