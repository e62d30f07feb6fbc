import type { TranscriptSegment } from '@rtms/contracts';

// Caption files from a stream's segments. Zoom revises a sentence by re-sending it with attribute `update`
// (new text) or `delete`; a sentence is identified by speaker and Zoom timestamp (the same parts as its
// segmentId, less the attribute), so revisions fold into one final cue instead of repeating.

/** A line of the final transcript. Times are epoch ms as Zoom sent them. */
export interface Cue {
  key: string;
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

/** Zoom sends no usable end time for some segments (end ≤ start): such a cue lasts this long. */
const DEFAULT_CUE_MS = 1000;

function sentenceKey(segment: Pick<TranscriptSegment, 'userId' | 'timestamp'>): string {
  return `${segment.userId}:${segment.timestamp}`;
}

function toCue(segment: TranscriptSegment): Cue {
  const startMs = segment.startTime > 0 ? segment.startTime : segment.timestamp;
  const endMs = segment.endTime > startMs ? segment.endTime : startMs + DEFAULT_CUE_MS;
  return { key: sentenceKey(segment), speaker: segment.userName, text: segment.text, startMs, endMs };
}

/**
 * Applies segments in stream order: `new` adds a sentence (or replaces one already seen, as a repeat would),
 * `update` replaces its text and times (an update of an unknown sentence adds it), `delete` removes it.
 * Empty texts are dropped. The result is sorted by start time, ties in arrival order.
 */
export function foldRevisions(segments: Iterable<TranscriptSegment>): Cue[] {
  const byKey = new Map<string, { cue: Cue; order: number }>();
  let order = 0;
  for (const segment of segments) {
    const key = sentenceKey(segment);
    if (segment.attribute === 'delete') {
      byKey.delete(key);
      continue;
    }
    const existing = byKey.get(key);
    byKey.set(key, { cue: toCue(segment), order: existing?.order ?? order++ });
  }
  return [...byKey.values()]
    .filter(({ cue }) => cue.text.trim() !== '')
    .sort((a, b) => a.cue.startMs - b.cue.startMs || a.order - b.order)
    .map(({ cue }) => cue);
}

function clock(ms: number, separator: '.' | ','): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(total % 1000, 3)}`;
}

/** One line of cue text: a blank line would end the cue early, so line breaks become spaces. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** WebVTT cue text is markup: `<`, `>` and `&` must be escaped (this also keeps `-->` out of a cue). */
function vttEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cue times are relative to the first cue's start, so a player starts the captions at 00:00:00. */
function baseOf(cues: readonly Cue[]): number {
  return cues.reduce((min, c) => Math.min(min, c.startMs), Number.POSITIVE_INFINITY);
}

export function toWebVtt(cues: readonly Cue[]): string {
  const base = baseOf(cues);
  const blocks = cues.map((cue, i) => {
    const voice = vttEscape(oneLine(cue.speaker));
    const text = vttEscape(oneLine(cue.text));
    const timing = `${clock(cue.startMs - base, '.')} --> ${clock(cue.endMs - base, '.')}`;
    return `${i + 1}\n${timing}\n${voice ? `<v ${voice}>` : ''}${text}\n`;
  });
  return ['WEBVTT\n', ...blocks].join('\n');
}

export function toSrt(cues: readonly Cue[]): string {
  const base = baseOf(cues);
  return cues
    .map((cue, i) => {
      const speaker = oneLine(cue.speaker);
      const timing = `${clock(cue.startMs - base, ',')} --> ${clock(cue.endMs - base, ',')}`;
      return `${i + 1}\n${timing}\n${speaker ? `${speaker}: ` : ''}${oneLine(cue.text)}\n`;
    })
    .join('\n');
}
