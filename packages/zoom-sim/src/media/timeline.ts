// A meeting's script laid out in media time: who speaks which sentence when. Media offsets are milliseconds
// since the stream's first CLIENT_READY_ACK; the script loops when `loop` is set.

export interface ScriptLine {
  /** Index into the meeting's speakers. */
  speaker: number;
  text: string;
  /** RTMS_TRANSCRIPT_LANGUAGE (9 = English). */
  language: number;
}

export interface Segment extends ScriptLine {
  startMs: number;
  endMs: number;
}

export interface Timeline {
  segments: Segment[];
  /** One pass of the script, including the trailing gap. */
  lengthMs: number;
  loop: boolean;
}

export interface TimelineOptions {
  msPerWord?: number;
  gapMs?: number;
  /** Silence before the first sentence. */
  leadInMs?: number;
  loop?: boolean;
}

/** Lays sentences end to end: each lasts words × msPerWord (at least one second), with a gap between. */
export function buildTimeline(lines: readonly ScriptLine[], options: TimelineOptions = {}): Timeline {
  const msPerWord = options.msPerWord ?? 350;
  const gapMs = options.gapMs ?? 600;
  let t = options.leadInMs ?? 200;
  const segments: Segment[] = [];
  for (const line of lines) {
    const words = line.text.split(/\s+/).filter(Boolean).length;
    const duration = Math.max(1000, words * msPerWord);
    // Whole 20 ms frames, so audio frames never straddle a boundary differently run to run.
    const startMs = Math.round(t / 20) * 20;
    const endMs = Math.round((t + duration) / 20) * 20;
    segments.push({ ...line, startMs, endMs });
    t = endMs + gapMs;
  }
  return { segments, lengthMs: Math.round(t / 20) * 20, loop: options.loop ?? true };
}

/** The k-th segment in global order (across loops), with absolute media offsets; undefined past the end. */
export function segmentAt(tl: Timeline, k: number): Segment | undefined {
  const n = tl.segments.length;
  if (n === 0 || (!tl.loop && k >= n)) return undefined;
  const pass = Math.floor(k / n);
  const seg = tl.segments[k % n];
  if (!seg) return undefined;
  const shift = pass * tl.lengthMs;
  return { ...seg, startMs: seg.startMs + shift, endMs: seg.endMs + shift };
}

/**
 * Speaker index talking at media offset `ms`, or -1 for silence. Binary search within the pass, so the
 * per-frame cost stays logarithmic in the script length.
 */
export function speakerAt(tl: Timeline, ms: number): number {
  const n = tl.segments.length;
  if (n === 0 || tl.lengthMs <= 0) return -1;
  if (!tl.loop && ms >= tl.lengthMs) return -1;
  const local = tl.loop ? ms % tl.lengthMs : ms;
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = tl.segments[mid] as Segment;
    if (local < seg.startMs) hi = mid - 1;
    else if (local >= seg.endMs) lo = mid + 1;
    else return seg.speaker;
  }
  return -1;
}

/** The speaker talking at `ms`, else the one who spoke last (video shows the last active speaker); 0 before anyone. */
export function activeOrLastSpeaker(tl: Timeline, ms: number): number {
  const n = tl.segments.length;
  if (n === 0 || tl.lengthMs <= 0) return 0;
  const local = tl.loop ? ms % tl.lengthMs : Math.min(ms, tl.lengthMs);
  let found = -1;
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((tl.segments[mid] as Segment).startMs <= local) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found >= 0) return (tl.segments[found] as Segment).speaker;
  return ms >= tl.lengthMs && tl.loop ? (tl.segments[n - 1] as Segment).speaker : 0;
}
