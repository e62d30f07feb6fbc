// One stream's video or screen-share frames (JPEG or PNG images, or H.264 access units) on their way to an
// MP4. Like the audio track, a frame's place is its Zoom timestamp, not its arrival: frames are kept in
// timestamp order, a frame at or before the last stored one is refused (stored already, or too late), and a
// checkpoint stores the frames up to the previous checkpoint's newest (each had a whole interval to arrive)
// as one part object.
//
// One timestamp, one frame, one MP4 sample. H.264 may come in several messages of one timestamp (parameter
// sets, then the IDR slice; or one slice per message: docs/rtms-protocol.md §4.3, not documented either way):
// they are joined in arrival order into one access unit, and a piece that repeats one already joined is
// refused. A second, different JPEG or PNG at a timestamp cannot be joined: the first one stays, the second
// is refused as a conflict (the caller counts it).

/** `place()`'s answer for an image at a timestamp that holds a different image. */
export const CONFLICT = -2;

/** The format whose frames at one timestamp are pieces of one access unit (h264-mp4.ts's H264_FORMAT). */
const JOINED_FORMAT = 'video/h264';

export interface ImageFrame {
  timestamp: number;
  data: Uint8Array;
}

/** A run of frames to store as one part: `first` and `last` are their timestamps. */
export interface ImagePart {
  first: number;
  last: number;
  bytes: Uint8Array;
}

/** A frame not stored yet; `pieces`: the messages joined into it (H.264), to refuse a repeat of one. */
interface PendingFrame extends ImageFrame {
  pieces?: Uint8Array[];
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

export class ImageTrack {
  /** Frames up to this timestamp are in stored parts. */
  committed: number;
  private pending: PendingFrame[] = [];
  private newest = Number.NEGATIVE_INFINITY;
  /** `newest` at the previous checkpoint. */
  private mark = Number.NEGATIVE_INFINITY;

  constructor(
    /** The frames' format header: `image/jpeg`, `image/png` or `video/h264`. */
    readonly format: string,
    committed = Number.NEGATIVE_INFINITY,
  ) {
    this.committed = committed;
  }

  /**
   * Places a frame, or joins an H.264 piece to the frame of its timestamp; returns the timestamp, -1 when it
   * is stored already, too late, or a repeat, CONFLICT for an image whose timestamp holds a different one.
   */
  place(timestamp: number, data: Uint8Array): number {
    if (timestamp <= this.committed) return -1;
    const p = this.pending;
    let i = p.length;
    while (i > 0 && (p[i - 1] as ImageFrame).timestamp > timestamp) i--;
    const held = p[i - 1];
    if (held && held.timestamp === timestamp) {
      if (this.format !== JOINED_FORMAT) return same(held.data, data) ? -1 : CONFLICT;
      held.pieces ??= [held.data];
      if (same(held.data, data) || held.pieces.some((piece) => same(piece, data))) return -1;
      held.pieces.push(data);
      const joined = new Uint8Array(held.data.length + data.length);
      joined.set(held.data);
      joined.set(data, held.data.length);
      held.data = joined;
      return timestamp;
    }
    p.splice(i, 0, { timestamp, data });
    if (timestamp > this.newest) this.newest = timestamp;
    return timestamp;
  }

  /** The frames ready to store (all of them when the stream ended), packed; undefined when none. */
  take(all: boolean): ImagePart | undefined {
    const upTo = all ? Number.POSITIVE_INFINITY : this.mark;
    this.mark = this.newest;
    let n = 0;
    while (n < this.pending.length && (this.pending[n] as ImageFrame).timestamp <= upTo) n++;
    if (n === 0) return undefined;
    const frames = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);
    const first = (frames[0] as ImageFrame).timestamp;
    const last = (frames[n - 1] as ImageFrame).timestamp;
    this.committed = last;
    return { first, last, bytes: packFrames(frames) };
  }
}

/** Frames as one byte array: per frame its timestamp (float64), its length (uint32), its bytes. */
function packFrames(frames: ImageFrame[]): Uint8Array {
  const size = frames.reduce((n, f) => n + 12 + f.data.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const f of frames) {
    view.setFloat64(at, f.timestamp, true);
    view.setUint32(at + 8, f.data.length, true);
    out.set(f.data, at + 12);
    at += 12 + f.data.length;
  }
  return out;
}

export function unpackFrames(bytes: Uint8Array): ImageFrame[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: ImageFrame[] = [];
  for (let at = 0; at + 12 <= bytes.length; ) {
    const timestamp = view.getFloat64(at, true);
    const length = view.getUint32(at + 8, true);
    frames.push({ timestamp, data: bytes.subarray(at + 12, at + 12 + length) });
    at += 12 + length;
  }
  return frames;
}
