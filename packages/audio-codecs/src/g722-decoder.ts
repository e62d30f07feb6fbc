import { Band, QM6, QMF, sat16 } from './g722-band.js';

// ITU-T G.722 decoder, 64 kbit/s mode: each byte (6 bits lower band, 2 bits higher band) becomes two 16 kHz
// 16-bit samples. Stateful: decode a stream's frames in order with one decoder.

/** The Recommendation's LIMIT block: a reconstructed sub-band sample within 15 bits. */
const limit = (v: number) => Math.min(16_383, Math.max(-16_384, v));

export class G722Decoder {
  private readonly low = new Band(false);
  private readonly high = new Band(true);
  /** The receive QMF's last 24 values. */
  private readonly x = new Int32Array(24);

  /** Decodes bytes into twice as many 16 kHz samples. */
  decode(codes: Uint8Array): Int16Array {
    const out = new Int16Array(codes.length * 2);
    const x = this.x;
    const low = this.low;
    const high = this.high;
    for (let n = 0; n < codes.length; n++) {
      const code = codes[n] as number;
      const ilow = code & 0x3f;
      const ihigh = code >> 6;
      // Lower band: reconstructed from all 6 bits (INVQBL), the predictor adapts on the 4-bit core.
      const rlow = limit(low.s + ((low.det * (QM6[ilow] as number)) >> 15));
      const ril = ilow >> 2;
      low.update(ril, low.difference(ril));
      const dhigh = high.difference(ihigh);
      const rhigh = limit(high.s + dhigh);
      high.update(ihigh, dhigh);
      // Receive QMF: two output samples per code.
      x.copyWithin(0, 2);
      x[22] = rlow + rhigh;
      x[23] = rlow - rhigh;
      let xout1 = 0;
      let xout2 = 0;
      for (let i = 0; i < 12; i++) {
        xout2 += (x[2 * i] as number) * (QMF[i] as number);
        xout1 += (x[2 * i + 1] as number) * (QMF[11 - i] as number);
      }
      out[2 * n] = sat16(xout1 >> 11);
      out[2 * n + 1] = sat16(xout2 >> 11);
    }
    return out;
  }
}
