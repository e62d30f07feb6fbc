import { type AudioFormat, frameBytes } from './format.js';

// One stream's audio on its way to a WAV file. A frame's place is its Zoom timestamp, not its arrival time:
// sample index = (timestamp - start) × rate / 1000, so silence where Zoom sent nothing (no one speaking, a
// dropped frame) is zeros and the file lasts as long as the meeting. Frames of several users (audio per
// participant) at the same time are mixed (summed, clipped). Samples before `committed` are stored in parts
// already; a frame reaching back there loses that part (it came too late).

/** A committed span of samples, stored as one part object. */
export interface Part {
  start: number;
  end: number;
  bytes: Uint8Array;
}

/** Frames further than this beyond the start are refused (a broken timestamp would allocate gigabytes). */
const MAX_SPAN_MS = 24 * 3_600_000;

export class AudioTrack {
  /** Samples [0, committed) are in stored parts. */
  committed: number;
  /** Samples [committed, maxEnd) are in `pending`. */
  maxEnd: number;
  /** `maxEnd` at the previous checkpoint: frames up to here had a whole interval to arrive. */
  private mark: number;
  private pending: Int16Array;
  private readonly channels: number;
  /** Per user, the end of their latest frame: one user's frames never overlap, so an overlap is a repeat. */
  private readonly userEnds = new Map<string, number>();

  constructor(
    readonly format: AudioFormat,
    /** Media time (Zoom ms) of sample 0. */
    public startTimestamp: number,
    committed = 0,
  ) {
    this.channels = format.channels;
    this.committed = committed;
    this.maxEnd = committed;
    this.mark = committed;
    this.pending = new Int16Array(format.rate * this.channels);
  }

  /** Sample index of a media timestamp. */
  sampleAt(timestamp: number): number {
    return Math.round(((timestamp - this.startTimestamp) * this.format.rate) / 1000);
  }

  /** Media timestamp of a sample index. */
  timestampAt(sample: number): number {
    return this.startTimestamp + (sample * 1000) / this.format.rate;
  }

  /** Whether a frame of `user` at `timestamp` starts before that user's last placed frame ended: a repeat. */
  repeats(timestamp: number, user: string): boolean {
    return this.sampleAt(timestamp) < (this.userEnds.get(user) ?? Number.NEGATIVE_INFINITY);
  }

  /**
   * Places a frame of L16 little-endian bytes of one user at its timestamp. Returns the sample index its end
   * reaches, or -1 when it was refused: before the start of a stored part, a repeat of a frame of this user
   * (redelivered: mixing it again would double it), or absurdly far.
   */
  place(timestamp: number, data: Uint8Array, user = '0'): number {
    const fb = frameBytes(this.format);
    const n = Math.floor(data.length / fb);
    const start = this.sampleAt(timestamp);
    const end = start + n;
    if (end <= this.committed || start > (MAX_SPAN_MS * this.format.rate) / 1000) return -1;
    if (this.repeats(timestamp, user)) return -1;
    if (this.userEnds.size > 1024) this.userEnds.clear();
    this.userEnds.set(user, end);
    const from = Math.max(start, this.committed);
    this.ensure(end);
    const samples = toInt16(data, (from - start) * this.channels, (end - from) * this.channels);
    const at = (from - this.committed) * this.channels;
    const fresh = Math.max(0, (this.maxEnd - from) * this.channels);
    const p = this.pending;
    // Below maxEnd something may be there already (another user's frame): mix. Above it: copy.
    for (let i = 0; i < Math.min(fresh, samples.length); i++) {
      const v = (p[at + i] as number) + (samples[i] as number);
      p[at + i] = Math.min(32_767, Math.max(-32_768, v));
    }
    if (fresh < samples.length) p.set(samples.subarray(fresh), at + fresh);
    if (end > this.maxEnd) this.maxEnd = end;
    return end;
  }

  /**
   * Takes the samples that are ready to store: up to the previous checkpoint's end (each frame had a whole
   * interval to arrive and be mixed), or everything when `all` (the stream ended). Undefined: nothing new.
   */
  take(all: boolean): Part | undefined {
    const upTo = all ? this.maxEnd : Math.min(this.mark, this.maxEnd);
    this.mark = this.maxEnd;
    if (upTo <= this.committed) return undefined;
    const count = (upTo - this.committed) * this.channels;
    const bytes = new Uint8Array(count * 2);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) view.setInt16(i * 2, this.pending[i] as number, true);
    const part = { start: this.committed, end: upTo, bytes };
    // Keep what follows, zeros behind it.
    this.pending.copyWithin(0, count);
    this.pending.fill(0, (this.maxEnd - upTo) * this.channels);
    this.committed = upTo;
    return part;
  }

  /**
   * Moves sample 0 to an earlier start (Zoom's first packet mark read after the first frame): only while
   * nothing is stored. Returns whether it moved.
   */
  rebase(startTimestamp: number): boolean {
    if (this.committed > 0 || startTimestamp >= this.startTimestamp) return false;
    const shift = Math.round(((this.startTimestamp - startTimestamp) * this.format.rate) / 1000);
    this.ensure(this.maxEnd + shift);
    const used = (this.maxEnd - this.committed) * this.channels;
    this.pending.copyWithin(shift * this.channels, 0, used);
    this.pending.fill(0, 0, shift * this.channels);
    this.maxEnd += shift;
    this.mark += shift;
    this.startTimestamp = startTimestamp;
    for (const [user, end] of this.userEnds) this.userEnds.set(user, end + shift);
    return true;
  }

  private ensure(end: number): void {
    const need = (end - this.committed) * this.channels;
    if (need <= this.pending.length) return;
    const grown = new Int16Array(Math.max(need, this.pending.length * 2));
    grown.set(this.pending);
    this.pending = grown;
  }
}

/** `count` 16-bit little-endian samples from `offset` (in samples) of a byte array, aligned or not. */
function toInt16(data: Uint8Array, offset: number, count: number): Int16Array {
  const byteOffset = data.byteOffset + offset * 2;
  if (byteOffset % 2 === 0) return new Int16Array(data.buffer, byteOffset, count);
  // Unaligned (a Buffer of Node's pool, say): copied into a buffer of its own.
  const copy = new Uint8Array(count * 2);
  copy.set(data.subarray(offset * 2, offset * 2 + count * 2));
  return new Int16Array(copy.buffer);
}
