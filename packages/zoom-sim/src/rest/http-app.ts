import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import { MeetingNotFoundError } from '../meetings.js';
import { StreamNotFoundError, StreamStateError } from '../streams.js';
import { LOG_LIMIT } from '../webhooks/sender.js';
import { ZoomErrorCode } from './zoom-errors.js';

/** One REST call the simulator received (control API calls excluded), for tests to inspect. */
export interface RestRequestRecord {
  at: number;
  method: string;
  /** Path without the query string, as received (still percent-encoded). */
  path: string;
  query: Record<string, unknown>;
  authorization: string | undefined;
  body: unknown;
  status: number;
}

/** The fastify app: body parsers, Zoom-style errors for bad bodies, and the request log. */
export function createHttpApp(log: Logger, requests: RestRequestRecord[]): FastifyInstance {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Zoom meeting UUIDs may be double-encoded in paths; keep params as fastify decodes them once.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    if (path.startsWith('/sim/') || path === '/sim') return;
    requests.push({
      at: Date.now(),
      method: req.method,
      path,
      query: { ...(req.query as Record<string, unknown>) },
      authorization: req.headers.authorization,
      body: req.body,
      status: reply.statusCode,
    });
    if (requests.length > LOG_LIMIT) requests.splice(0, requests.length - LOG_LIMIT);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const isControl = req.url.startsWith('/sim');
    if (err instanceof MeetingNotFoundError || err instanceof StreamNotFoundError) {
      return reply.code(404).send({ error: err.message });
    }
    if (err instanceof StreamStateError) return reply.code(409).send({ error: err.message });
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 500) log.error({ err, url: req.url }, 'request failed');
    if (isControl) return reply.code(status).send({ error: status >= 500 ? 'internal error' : err.message });
    if (status === 400 || status === 415) {
      return reply.code(400).send({
        code: ZoomErrorCode.BAD_REQUEST_BODY,
        message: 'Request Body should be a valid JSON object.',
      });
    }
    return reply
      .code(status)
      .send({ code: status, message: status >= 500 ? 'Internal Error.' : err.message });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/sim'))
      return reply.code(404).send({ error: `no control route ${req.method} ${req.url}` });
    return reply.code(404).send({ code: 404, message: 'Not Found' });
  });
  return app;
}
