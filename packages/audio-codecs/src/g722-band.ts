// The parts of ITU-T G.722 (sub-band ADPCM, 64 kbit/s mode) that the encoder and the decoder share: the
// quantiser tables, one sub-band's adaptive predictor (blocks 4L/4H: RECONS, PARREC, UPPOL1/2, UPZERO,
// DELAYA, FILTEP, FILTEZ, PREDIC), the scale factor adaptation (blocks 3L/3H: LOGSCL/LOGSCH, SCALEL/SCALEH)
// and the 24-tap QMF. Integer arithmetic as in the Recommendation, so our encoder and any conforming decoder
// (ffmpeg's, a phone's) agree. RTMS audio codec 3 is G.722 (docs/rtms-protocol.md, media parameters).

/** Clamps to a signed 16-bit value (the Recommendation's saturation). */
export const sat16 = (v: number): number => Math.min(32_767, Math.max(-32_768, v));

/** QMF coefficients, half of the 24 symmetric taps. */
export const QMF = [3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11];

/** Lower band, 6-bit quantiser decision levels (QUANTL), in units of det >> 12. */
export const Q6 = [
  0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219,
  1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0,
];
/** Lower band code words for a negative / positive difference, by decision interval. */
export const ILN = [
  0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7,
  6, 5, 4, 0,
];
export const ILP = [
  0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36,
  35, 34, 33, 32, 0,
];
/** Lower band, 6-bit inverse quantiser (INVQBL at 64 kbit/s), by code word. */
export const QM6 = [
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360,
  -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688,
  -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192,
  6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432,
  -136,
];
/** Lower band, 4-bit inverse quantiser (INVQAL, the embedded core that drives the predictor). */
const QM4 = [
  0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
];
const RL42 = [0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0];
const WL = [-60, -30, 58, 172, 334, 538, 1198, 3042];
/** Higher band: 2-bit inverse quantiser and log scale factor multipliers. */
const QM2 = [-7408, -1616, 7408, 1616];
const RH2 = [2, 1, 2, 1];
const WH = [0, -214, 798];
/** Inverse log table of the scale factor (SCALEL/SCALEH). */
const ILB = [
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834, 2896, 2960,
  3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
];

/** One sub-band's ADPCM state: scale factor, pole and zero predictor, and the signal estimate `s`. */
export class Band {
  /** Signal estimate (PREDIC). */
  s = 0;
  private sp = 0;
  private sz = 0;
  /** Log scale factor (nbl / nbh) and the scale factor it gives (detl / deth). */
  private nb = 0;
  det: number;
  private readonly r = new Int32Array(3);
  private readonly p = new Int32Array(3);
  private readonly a = new Int32Array(3);
  private readonly b = new Int32Array(7);
  private readonly d = new Int32Array(7);

  constructor(private readonly high: boolean) {
    this.det = high ? 8 : 32;
  }

  /** The quantised difference (INVQAL / INVQAH) of a 4-bit lower (or 2-bit higher) band code. */
  difference(code: number): number {
    return (this.det * (this.high ? (QM2[code] as number) : (QM4[code] as number))) >> 15;
  }

  /** Blocks 3 and 4 for one code: scale factor adaptation, then the predictor update with its difference. */
  update(code: number, diff: number): void {
    const wd = (this.nb * 127) >> 7;
    let nb: number;
    if (this.high) nb = Math.min(22_528, Math.max(0, wd + (WH[RH2[code] as number] as number)));
    else nb = Math.min(18_432, Math.max(0, wd + (WL[RL42[code] as number] as number)));
    this.nb = nb;
    const wd1 = (nb >> 6) & 31;
    const wd2 = (this.high ? 10 : 8) - (nb >> 11);
    const ilb = ILB[wd1] as number;
    this.det = (wd2 < 0 ? ilb << -wd2 : ilb >> wd2) << 2;
    this.predict(diff);
  }

  /** Block 4: reconstruct, adapt the pole (2) and zero (6) predictor coefficients, predict the next sample. */
  private predict(dx: number): void {
    const { a, b, d, p, r } = this;
    d[0] = dx;
    r[0] = sat16(this.s + dx);
    p[0] = sat16(this.sz + dx);
    // UPPOL2
    const sg0 = p[0] >> 15;
    const sg1 = (p[1] as number) >> 15;
    const sg2 = (p[2] as number) >> 15;
    const wa1 = sat16((a[1] as number) * 4);
    let wa2 = sg0 === sg1 ? -wa1 : wa1;
    if (wa2 > 32_767) wa2 = 32_767;
    let ap2 = (sg0 === sg2 ? 128 : -128) + (wa2 >> 7) + (((a[2] as number) * 32_512) >> 15);
    ap2 = Math.min(12_288, Math.max(-12_288, ap2));
    // UPPOL1
    let ap1 = sat16((sg0 === sg1 ? 192 : -192) + (((a[1] as number) * 32_640) >> 15));
    const limit = sat16(15_360 - ap2);
    if (ap1 > limit) ap1 = limit;
    else if (ap1 < -limit) ap1 = -limit;
    // UPZERO, then DELAYA
    const step = dx === 0 ? 0 : 128;
    const sgd = dx >> 15;
    for (let i = 6; i > 0; i--) {
      const same = (d[i] as number) >> 15 === sgd;
      b[i] = sat16((same ? step : -step) + (((b[i] as number) * 32_640) >> 15));
    }
    for (let i = 6; i > 0; i--) d[i] = d[i - 1] as number;
    r[2] = r[1] as number;
    r[1] = r[0];
    p[2] = p[1] as number;
    p[1] = p[0];
    a[2] = ap2;
    a[1] = ap1;
    // FILTEP, FILTEZ, PREDIC
    const r1 = sat16((r[1] as number) * 2);
    const r2 = sat16((r[2] as number) * 2);
    this.sp = sat16(((ap1 * r1) >> 15) + ((ap2 * r2) >> 15));
    let sz = 0;
    for (let i = 6; i > 0; i--) sz += ((b[i] as number) * sat16((d[i] as number) * 2)) >> 15;
    this.sz = sat16(sz);
    this.s = sat16(this.sp + this.sz);
  }
}
