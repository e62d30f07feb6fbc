// H.264 access units as Zoom sends them (docs/rtms-protocol.md §4.3: `data` is H.264 in Annex B): NAL units
// behind start codes (00 00 01 or 00 00 00 01). Splitting them, their types, and the RBSP of one (emulation
// prevention bytes removed) for reading a parameter set (ITU-T H.264 §7.3.1, §7.4.1, Annex B).

/** NAL unit types the recorder cares about (§7.4.1, table 7-1). */
export const NalType = { slice: 1, idr: 5, sps: 7, pps: 8, aud: 9 } as const;

export const nalType = (nal: Uint8Array) => (nal[0] as number) & 0x1f;

/** The NAL units of an Annex-B access unit, without start codes or trailing zero bytes; [] when it has none. */
export function nalUnits(au: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < au.length; i++) {
    if (au[i] === 0 && au[i + 1] === 0 && au[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  const out: Uint8Array[] = [];
  starts.forEach((start, k) => {
    let end = k + 1 < starts.length ? (starts[k + 1] as number) - 3 : au.length;
    while (end > start && au[end - 1] === 0) end--;
    if (end > start) out.push(au.subarray(start, end));
  });
  return out;
}

/** A NAL unit's payload with the emulation prevention bytes (00 00 03 → 00 00) removed, header byte dropped. */
export function rbspOf(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length);
  let n = 0;
  let zeros = 0;
  for (let i = 1; i < nal.length; i++) {
    const b = nal[i] as number;
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out[n++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, n);
}
