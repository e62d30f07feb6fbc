import { type AudioFormat, frameBytes, wavHeader } from './format.js';
import type { RecordingStore } from './store.js';

// A WAV file assembled from a track's stored parts: the header, the parts in order, zeros where there is no
// part, zeros up to the end. Laid out first (every segment's size is known without reading a part), then
// read: all of it when a recording is finalised, or a byte range of it when a running recording is served
// (GET /recordings/<id>/audio.wav before its end: only the parts the range touches are read).

export interface WavPart {
  name: string;
  start: number;
  end: number;
}

type Segment =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'zeros'; size: number }
  | { kind: 'part'; name: string; skip: number; size: number };

export interface WavLayout {
  /** Bytes of the whole file. */
  size: number;
  segments: Segment[];
}

const ZEROS = new Uint8Array(256 * 1024);

const sizeOf = (s: Segment) => (s.kind === 'bytes' ? s.bytes.length : s.size);

/** The file of `endSample` sample frames from `parts` (sorted here; overlaps keep the earlier part). */
export function wavLayout(format: AudioFormat, parts: WavPart[], endSample: number): WavLayout {
  const fb = frameBytes(format);
  const segments: Segment[] = [{ kind: 'bytes', bytes: wavHeader(format, endSample * fb) }];
  let at = 0;
  for (const part of [...parts].sort((a, b) => a.start - b.start)) {
    if (part.end <= at || part.start >= endSample) continue;
    if (part.start > at) segments.push({ kind: 'zeros', size: (part.start - at) * fb });
    const from = Math.max(at, part.start);
    const to = Math.min(part.end, endSample);
    segments.push({ kind: 'part', name: part.name, skip: (from - part.start) * fb, size: (to - from) * fb });
    at = to;
  }
  if (endSample > at) segments.push({ kind: 'zeros', size: (endSample - at) * fb });
  return { size: segments.reduce((n, s) => n + sizeOf(s), 0), segments };
}

/** Bytes `start` to `end` (inclusive; the whole file by default) of a laid-out WAV, one part read at a time. */
export async function* wavBytes(
  layout: WavLayout,
  store: RecordingStore,
  start = 0,
  end = layout.size - 1,
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (const s of layout.segments) {
    const size = sizeOf(s);
    const from = Math.max(0, start - offset);
    const to = Math.min(size, end + 1 - offset);
    offset += size;
    if (to <= from) {
      if (offset > end) return;
      continue;
    }
    if (s.kind === 'bytes') yield s.bytes.subarray(from, to);
    else if (s.kind === 'part') {
      const data = await store.getBlob(s.name);
      yield data.subarray(s.skip + from, s.skip + to);
    } else
      for (let at = from; at < to; at += ZEROS.length)
        yield ZEROS.subarray(0, Math.min(ZEROS.length, to - at));
  }
}
