import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type ReadinessCheck, runChecks } from './readiness.js';

export interface HttpServerSettings {
  logger: Logger;
  metrics: Registry;
  /** Checks behind GET /readyz (e.g. NATS connected, streams present). */
  readiness?: Record<string, ReadinessCheck>;
  /** Largest request body accepted, in bytes (fastify answers 413 above it). */
  bodyLimit?: number;
  /** Time allowed for a whole request, in ms (fastify has no default). */
  requestTimeoutMs?: number;
  fastify?: Partial<FastifyServerOptions>;
}

/**
 * A fastify server with GET /healthz (alive), GET /readyz (checks) and GET /metrics (Prometheus), explicit
 * timeouts, and 503 for requests that arrive while it is closing. Services add their routes to it.
 */
export function createHttpServer(settings: HttpServerSettings): FastifyInstance {
  const requestTimeout = settings.requestTimeoutMs ?? 10_000;
  const app = Fastify({
    loggerInstance: settings.logger,
    // Services log one line per request themselves, with their own fields.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.bodyLimit ?? 64 * 1024,
    // fastify sets no request timeout by default: a slow client could hold a socket forever.
    requestTimeout,
    // Node enforces requestTimeout on a 30 s sweep by default, far coarser than the timeout itself, and
    // ignores it for a request whose headers are in while headersTimeout (default 60 s) is the larger one.
    http: {
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
      requestTimeout,
      headersTimeout: Math.min(60_000, requestTimeout),
    },
    connectionTimeout: 30_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ...settings.fastify,
  });

  let shuttingDown = false;
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    if (shuttingDown)
      return reply
        .code(503)
        .send({ ready: false, checks: { shutdown: { ok: false, detail: 'shutting down' } } });
    const result = await runChecks(settings.readiness ?? {});
    return reply.code(result.ready ? 200 : 503).send(result);
  });

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', settings.metrics.contentType);
    return settings.metrics.metrics();
  });

  return app;
}
