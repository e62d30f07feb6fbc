import type { JetStreamClient } from '@nats-io/jetstream';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Logger } from 'pino';
import { type Cue, foldRevisions, toSrt, toWebVtt } from '../files/captions.js';
import type { JsonlEntry } from '../files/transcript-files.js';
import { readStreamSegments } from './segment-reader.js';

// A meeting's transcript as a file, from what JetStream holds (not from TRANSCRIPT_DIR): JSONL (every segment
// with its sequence, revisions included, as the sink's own file), and the final text with revisions folded in
// (WebVTT, SRT, plain text) by the same code as the caption files.

export const DownloadFormats = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
} as const;
export type DownloadFormat = keyof typeof DownloadFormats;

const isFormat = (value: string): value is DownloadFormat => Object.hasOwn(DownloadFormats, value);

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** `[hh:mm:ss] Speaker: text` per sentence, times from the first one (as the captions). */
export function toPlainText(cues: readonly Cue[]): string {
  const base = cues[0]?.startMs ?? 0;
  const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return cues
    .map(
      (c) => `[${clock(c.startMs - base)}] ${c.speaker ? `${oneLine(c.speaker)}: ` : ''}${oneLine(c.text)}\n`,
    )
    .join('');
}

export function renderTranscript(entries: readonly JsonlEntry[], format: DownloadFormat): string {
  if (format === 'jsonl') return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
  const cues = foldRevisions(entries);
  if (format === 'vtt') return toWebVtt(cues);
  if (format === 'srt') return toSrt(cues);
  return toPlainText(cues);
}

export interface DownloadRouteDeps {
  js: JetStreamClient;
  onRequest: onRequestHookHandler;
  streamIdPattern: RegExp;
  logger: Logger;
}

/** `GET /api/meetings/:streamId/download/:format` (jsonl, vtt, srt, txt), as an attachment `<streamId>.<format>`. */
export function registerDownloadRoutes(http: FastifyInstance, deps: DownloadRouteDeps): void {
  http.get<{ Params: { streamId: string; format: string } }>(
    '/api/meetings/:streamId/download/:format',
    { onRequest: deps.onRequest },
    async (req, reply) => {
      const { streamId, format } = req.params;
      if (!deps.streamIdPattern.test(streamId))
        return reply.code(400).send({ error: 'invalid stream id', detail: 'letters, digits, - and _ only' });
      if (!isFormat(format))
        return reply
          .code(404)
          .send({ error: 'unknown format', detail: `one of ${Object.keys(DownloadFormats).join(', ')}` });
      let entries: JsonlEntry[];
      try {
        entries = await readStreamSegments(deps.js, streamId, deps.logger);
      } catch (err) {
        deps.logger.warn({ err, streamId }, 'transcript download unavailable');
        return reply.code(503).send({ error: 'transcripts unavailable', detail: 'JetStream did not answer' });
      }
      if (entries.length === 0)
        return reply.code(404).send({ error: 'no transcript', detail: 'no segments for this stream' });
      return reply
        .header('content-disposition', `attachment; filename="${streamId}.${format}"`)
        .header('cache-control', 'no-store')
        .type(DownloadFormats[format])
        .send(renderTranscript(entries, format));
    },
  );
}
