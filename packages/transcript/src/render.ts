import type { TranscriptSegment } from '@rtms/contracts';
import { type Cue, foldRevisions, toSrt, toWebVtt } from './captions.js';

// A stream's transcript as a file: JSONL (every segment with its sequence, revisions included, as the sink's
// own file), and the final text with revisions folded in (WebVTT, SRT, plain text) by the caption code. The
// sink's download links and `rtms export` both render through here.

/** One line of a JSONL transcript: the segment plus its RTMS_TRANSCRIPTS sequence `seq`. */
export type JsonlEntry = TranscriptSegment & { seq: number };

/** The formats a transcript renders to, with their media types. */
export const TranscriptFormats = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
} as const;
export type TranscriptFormat = keyof typeof TranscriptFormats;

export const isTranscriptFormat = (value: string): value is TranscriptFormat =>
  Object.hasOwn(TranscriptFormats, value);

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** `[hh:mm:ss] Speaker: text` per sentence, times from the first one (as the captions). */
function toPlainText(cues: readonly Cue[]): string {
  const base = cues[0]?.startMs ?? 0;
  const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return cues
    .map(
      (c) => `[${clock(c.startMs - base)}] ${c.speaker ? `${oneLine(c.speaker)}: ` : ''}${oneLine(c.text)}\n`,
    )
    .join('');
}

export function renderTranscript(entries: readonly JsonlEntry[], format: TranscriptFormat): string {
  if (format === 'jsonl') return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
  const cues = foldRevisions(entries);
  if (format === 'vtt') return toWebVtt(cues);
  if (format === 'srt') return toSrt(cues);
  return toPlainText(cues);
}
