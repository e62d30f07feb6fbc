import { describe, expect, it } from 'vitest';
import type { RecordingStore } from './store.js';
import { wavBytes, wavLayout } from './wav-file.js';

// The WAV assembled from stored parts (finalising, and a running recording served over HTTP): header sizes,
// zeros in gaps and up to the end, an overlapping part, and byte ranges equal to the whole file's bytes.

const format = { codec: 'L16', rate: 8000, channels: 1 };
const part = (start: number, end: number) => {
  const bytes = Buffer.alloc((end - start) * 2);
  for (let i = start; i < end; i++) bytes.writeInt16LE(i + 1, (i - start) * 2);
  return { name: `p/${start}-${end}`, start, end, bytes };
};
const parts = [part(10, 20), part(0, 5), part(15, 30)];
const reads: string[] = [];
const store = {
  getBlob: async (name: string) => {
    reads.push(name);
    return (parts.find((p) => p.name === name) as { bytes: Buffer }).bytes;
  },
} as unknown as RecordingStore;

async function collect(chunks: AsyncIterable<Uint8Array>) {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(Buffer.from(c));
  return Buffer.concat(out);
}

describe('wav file', () => {
  it('wav file - parts in order, zeros in gaps and to the end, header sizes match, ranges are slices', async () => {
    const layout = wavLayout(format, parts, 40);
    const whole = await collect(wavBytes(layout, store));
    expect([whole.length, layout.size]).toEqual([44 + 80, 44 + 80]);
    expect([whole.readUInt32LE(4), whole.readUInt32LE(40)]).toEqual([whole.length - 8, 80]);
    const samples = Array.from({ length: 40 }, (_, i) => whole.readInt16LE(44 + i * 2));
    // 0-5 and 10-30 stored (the overlap 15-20 from the earlier part, same samples), zeros elsewhere.
    expect(samples).toEqual(samples.map((_, i) => (i < 5 || (i >= 10 && i < 30) ? i + 1 : 0)));
    for (const [start, end] of [
      [0, 43],
      [40, 60],
      [50, 70],
      [63, 123],
      [100, 123],
    ] as const) {
      reads.length = 0;
      expect(await collect(wavBytes(layout, store, start, end))).toEqual(whole.subarray(start, end + 1));
      if (start >= 44 + 30 * 2) expect(reads).toEqual([]); // past the parts: nothing read
    }
  });
});
