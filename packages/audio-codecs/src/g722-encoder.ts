import { Band, ILN, ILP, Q6, QMF, sat16 } from './g722-band.js';

// ITU-T G.722 encoder, 64 kbit/s mode: 16 kHz 16-bit samples in, one byte per two samples out (6 bits of the
// lower sub-band, 2 of the higher). Stateful: encode a stream's frames in order with one encoder.

/** Higher band code words for a negative / positive difference, by decision interval. */
const IHN = [0, 1, 0];
const IHP = [0, 3, 2];

export class G722Encoder {
  private readonly low = new Band(false);
  private readonly high = new Band(true);
  /** The transmit QMF's last 24 input samples. */
  private readonly x = new Int32Array(24);

  /** Encodes an even number of 16 kHz samples (a 20 ms frame: 320) into half as many bytes. */
  encode(pcm: Int16Array): Uint8Array {
    const out = new Uint8Array(pcm.length >> 1);
    const x = this.x;
    for (let j = 0, n = 0; n < out.length; n++) {
      x.copyWithin(0, 2);
      x[22] = pcm[j++] as number;
      x[23] = pcm[j++] as number;
      // Transmit QMF: the two sub-bands, every other output.
      let sumOdd = 0;
      let sumEven = 0;
      for (let i = 0; i < 12; i++) {
        sumOdd += (x[2 * i] as number) * (QMF[i] as number);
        sumEven += (x[2 * i + 1] as number) * (QMF[11 - i] as number);
      }
      const ilow = this.encodeLow((sumEven + sumOdd) >> 14);
      const ihigh = this.encodeHigh((sumEven - sumOdd) >> 14);
      out[n] = (ihigh << 6) | ilow;
    }
    return out;
  }

  /** Blocks 1L (QUANTL) to 4L: the 6-bit code of the lower band sample. */
  private encodeLow(xlow: number): number {
    const band = this.low;
    const el = sat16(xlow - band.s);
    const wd = el >= 0 ? el : -(el + 1);
    let i = 1;
    for (; i < 30; i++) if (wd < ((Q6[i] as number) * band.det) >> 12) break;
    const ilow = (el < 0 ? ILN[i] : ILP[i]) as number;
    const ril = ilow >> 2;
    band.update(ril, band.difference(ril));
    return ilow;
  }

  /** Blocks 1H (QUANTH) to 4H: the 2-bit code of the higher band sample. */
  private encodeHigh(xhigh: number): number {
    const band = this.high;
    const eh = sat16(xhigh - band.s);
    const wd = eh >= 0 ? eh : -(eh + 1);
    const mih = wd >= (564 * band.det) >> 12 ? 2 : 1;
    const ihigh = (eh < 0 ? IHN[mih] : IHP[mih]) as number;
    band.update(ihigh, band.difference(ihigh));
    return ihigh;
  }
}
