import type { JetStreamClient } from '@nats-io/jetstream';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { MeetingDirectory } from './meeting-directory.js';
import { requirePageToken } from './page-access.js';
import { AssetPaths, loadPageAssets, PAGE_HEADERS } from './page-assets.js';
import { registerDownloadRoutes } from './transcript-downloads.js';
import type { TranscriptFeed } from './transcript-feed.js';

export interface PageRouteDeps {
  directory: MeetingDirectory;
  feed: TranscriptFeed;
  /** Reads a meeting's segments for the downloads. */
  js: JetStreamClient;
  maxClients: number;
  /** TRANSCRIPT_PAGE_TOKEN: when set, `/` and the API answer 401 without it. */
  token?: string;
  logger: Logger;
}

const STREAM_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** `Last-Event-ID` from a reconnecting EventSource: a stream sequence, or nothing (start from the beginning). */
export function parseLastEventId(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\d{1,15}$/.test(text.trim())) return undefined;
  const seq = Number(text);
  return seq > 0 ? seq : undefined;
}

/**
 * The live transcript page: `GET /` (page), `/app.js`, `/style.css`, `GET /api/meetings` (JSON list) and
 * `GET /api/meetings/:streamId/transcript` (Server-Sent Events), `GET /api/meetings/:streamId/download/:format`.
 */
export function registerPageRoutes(http: FastifyInstance, deps: PageRouteDeps): void {
  const log = deps.logger.child({ component: 'live' });
  const assets = loadPageAssets();
  const pageAccess = requirePageToken(deps.token, 'page');
  const onRequest = requirePageToken(deps.token, 'api');
  for (const route of AssetPaths) {
    const asset = assets[route];
    http.get(route, { onRequest: route === '/' ? pageAccess : [] }, async (_req, reply) =>
      reply.headers(PAGE_HEADERS).type(asset.contentType).send(asset.body),
    );
  }

  http.get('/api/meetings', { onRequest }, async (_req, reply) => {
    try {
      return { meetings: await deps.directory.list() };
    } catch (err) {
      log.warn({ err }, 'meeting list unavailable');
      return reply.code(503).send({ error: 'transcripts unavailable', detail: 'JetStream did not answer' });
    }
  });

  http.get<{ Params: { streamId: string } }>(
    '/api/meetings/:streamId/transcript',
    { onRequest },
    async (req, reply) => {
      const { streamId } = req.params;
      if (!STREAM_ID.test(streamId)) {
        log.info({ streamId: streamId.slice(0, 140), ip: req.ip }, 'live transcript refused: bad stream id');
        return reply.code(400).send({ error: 'invalid stream id', detail: 'letters, digits, - and _ only' });
      }
      if (deps.feed.size >= deps.maxClients) {
        log.warn({ streamId, clients: deps.feed.size }, 'live transcript refused: too many clients');
        return reply
          .code(503)
          .header('retry-after', '10')
          .send({ error: 'too many live transcripts open', detail: 'TRANSCRIPT_PAGE_MAX_CLIENTS' });
      }
      const afterSeq = parseLastEventId(req.headers['last-event-id']);
      reply.hijack();
      try {
        await deps.feed.open(streamId, afterSeq, reply.raw);
        log.debug({ streamId, afterSeq, clients: deps.feed.size }, 'live transcript opened');
      } catch (err) {
        log.warn({ err, streamId }, 'live transcript could not start');
        if (!reply.raw.headersSent) {
          reply.raw.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
          reply.raw.end(
            JSON.stringify({ error: 'transcripts unavailable', detail: 'JetStream did not answer' }),
          );
        } else reply.raw.end();
      }
      return reply;
    },
  );

  registerDownloadRoutes(http, { js: deps.js, onRequest, streamIdPattern: STREAM_ID, logger: log });

  // Event streams never end on their own and would hold the server's close() open.
  http.addHook('preClose', async () => {
    await deps.feed.closeAll();
  });
}
