import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@rtms/contracts';
import {
  createHttpServer,
  createMetricsRegistry,
  disabledTracing,
  natsConnectedCheck,
  streamsPresentCheck,
  type Tracing,
} from '@rtms/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type GatewayConfig, SERVICE } from './config.js';
import { FailureLimiter } from './failure-limiter.js';
import { clientErrorHandler, installErrorHandlers } from './http-errors.js';
import { createGatewayMetrics, initLabels } from './metrics.js';
import { Outcomes } from './outcomes.js';
import { PublicUrlCheck } from './public-url-check.js';
import { installRequestLog } from './request-record.js';
import { createHeaderCheck, createWebhookVerifier, VerifyFailureReasons } from './signature.js';
import { registerWebhookRoute } from './webhook-route.js';
import { WebhookStore } from './webhook-store.js';

/** Zoom resends an unanswered webhook after 5, 20 and 60 minutes: the dedupe window must cover that. */
export const MIN_DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface GatewayDeps {
  config: GatewayConfig;
  logger: Logger;
  nc: NatsConnection;
  /** Injected in tests to move time (timestamp window, failure limiter, receive time). */
  clock?: Clock;
  /** A span per verified webhook (default: off). */
  tracing?: Tracing;
}

export interface Gateway {
  readonly http: FastifyInstance;
  readonly registry: Registry;
  /** The PUBLIC_WEBHOOK_URL self-check, when configured. */
  readonly publicUrl: PublicUrlCheck | undefined;
  /** Listens on HOST:PORT; resolves with the address (e.g. http://127.0.0.1:3000). */
  start(): Promise<string>;
  /** Stops intake (503 to new requests), lets in-flight publishes finish, closes the HTTP server. */
  close(): Promise<void>;
}

/** Builds the gateway from its dependencies. The NATS connection stays the caller's to drain. */
export function buildApp(deps: GatewayDeps): Gateway {
  const { config, nc } = deps;
  const logger = deps.logger.child({ component: 'webhook' });
  const now = deps.clock ? () => (deps.clock as Clock).now() : Date.now;
  const registry = createMetricsRegistry(SERVICE);
  const metrics = createGatewayMetrics(registry);
  initLabels(metrics, Outcomes, VerifyFailureReasons);
  const natsConnected = natsConnectedCheck(nc);
  let closing = false;
  const publicUrl = config.PUBLIC_WEBHOOK_URL
    ? new PublicUrlCheck({
        url: config.PUBLIC_WEBHOOK_URL,
        secret: config.ZOOM_WEBHOOK_SECRET_TOKEN[0] as string,
        logger,
        now,
      })
    : undefined;

  const http = createHttpServer({
    logger,
    metrics: registry,
    readiness: {
      nats: natsConnected,
      streams: streamsPresentCheck(nc, [Streams.webhooks]),
      ...(publicUrl ? { publicWebhookUrl: () => publicUrl.state } : {}),
    },
    bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES,
    requestTimeoutMs: config.WEBHOOK_REQUEST_TIMEOUT_MS,
    fastify: {
      trustProxy: trustProxyOption(config.TRUST_PROXY),
      // We answer 503 ourselves while closing, with a code and Retry-After.
      return503OnClosing: false,
      clientErrorHandler: clientErrorHandler(logger, metrics),
      // fastify builds a child logger per request (bindings serialised and redacted each time): the
      // biggest per-request cost after the publish itself. The request line carries reqId instead.
      childLoggerFactory: (parent) => parent,
    },
  });
  installRequestLog(http, metrics, logger);
  installErrorHandlers(http);

  const store = new WebhookStore({
    js: jetstream(nc, { timeout: config.WEBHOOK_PUBLISH_TIMEOUT_MS }),
    natsConnected,
    publishTimeoutMs: config.WEBHOOK_PUBLISH_TIMEOUT_MS,
    metrics,
  });
  registerWebhookRoute(http, {
    path: config.WEBHOOK_PATH,
    secrets: config.ZOOM_WEBHOOK_SECRET_TOKEN,
    verify: createWebhookVerifier({
      secrets: config.ZOOM_WEBHOOK_SECRET_TOKEN,
      toleranceSeconds: config.WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS,
      now,
    }),
    checkHeaders: createHeaderCheck({ toleranceSeconds: config.WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS, now }),
    limiter: new FailureLimiter({
      limit: config.WEBHOOK_FAILURE_LIMIT,
      windowMs: config.WEBHOOK_FAILURE_WINDOW_SECONDS * 1000,
      now,
    }),
    store,
    metrics,
    tracing: deps.tracing ?? disabledTracing,
    retryAfterSeconds: config.WEBHOOK_RETRY_AFTER_SECONDS,
    now,
    isClosing: () => closing,
    ...(publicUrl ? { onUrlValidation: (token: string) => publicUrl.observe(token) } : {}),
  });

  let closed: Promise<void> | undefined;
  return {
    http,
    registry,
    publicUrl,
    async start() {
      await checkDuplicateWindow(nc, logger);
      const address = await http.listen({ port: config.PORT, host: config.HOST });
      logger.info(
        { address, path: config.WEBHOOK_PATH, secrets: config.ZOOM_WEBHOOK_SECRET_TOKEN.length },
        'webhook gateway listening',
      );
      // Checked once, in the background: the request goes out through the public URL and back to us.
      if (publicUrl) void publicUrl.run();
      return address;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        const inFlight = store.inFlight;
        logger.info({ inFlight }, 'closing: refusing new webhooks, finishing in-flight publishes');
        // Closes the listener and idle sockets; busy keep-alive sockets get 503 for any further request
        // (not a dropped connection), so in-flight answers keep the connection open.
        const httpClosed = http.close();
        await store.idle();
        // Every publish has settled and its answer is on the way; sockets now idle need not wait for the
        // keep-alive timeout.
        await new Promise((resolve) => setImmediate(resolve));
        http.server.closeIdleConnections();
        await httpClosed;
        logger.info('webhook intake closed');
      })();
      return closed;
    },
  };
}

/** Logs the stream's dedupe window, loudly when it is too short to absorb Zoom's resends. */
async function checkDuplicateWindow(nc: NatsConnection, logger: Logger): Promise<void> {
  try {
    const info = await (await jetstreamManager(nc, { timeout: 2000 })).streams.info(Streams.webhooks);
    const windowMs = Math.round((info.config.duplicate_window ?? 0) / 1e6);
    if (windowMs < MIN_DUPLICATE_WINDOW_MS)
      logger.warn(
        { stream: Streams.webhooks, duplicateWindowMs: windowMs, minimumMs: MIN_DUPLICATE_WINDOW_MS },
        'webhook stream duplicate window is shorter than Zoom resends: a late resend would be stored twice',
      );
    else logger.info({ stream: Streams.webhooks, duplicateWindowMs: windowMs }, 'webhook dedupe window');
  } catch (err) {
    logger.warn({ err, stream: Streams.webhooks }, 'could not read the webhook stream; /readyz will say so');
  }
}

/** fastify's trustProxy takes a hop count at run time but not in its types: express it as a function. */
function trustProxyOption(value: GatewayConfig['TRUST_PROXY']) {
  if (typeof value !== 'number') return value;
  return (_address: string, hop: number) => hop < value;
}
