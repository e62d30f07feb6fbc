import type { JetStreamClient } from '@nats-io/jetstream';
import {
  isTranscriptFormat,
  type JsonlEntry,
  readStreamSegments,
  renderTranscript,
  TranscriptFormats,
} from '@rtms/transcript';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Logger } from 'pino';

// A meeting's transcript as a file, from what JetStream holds (not from TRANSCRIPT_DIR), rendered by
// @rtms/transcript (the same code as the caption files and `rtms export`).

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
      if (!isTranscriptFormat(format))
        return reply
          .code(404)
          .send({ error: 'unknown format', detail: `one of ${Object.keys(TranscriptFormats).join(', ')}` });
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
        .type(TranscriptFormats[format])
        .send(renderTranscript(entries, format));
    },
  );
}
