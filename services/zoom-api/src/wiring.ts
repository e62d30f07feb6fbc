import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, Streams } from '@rtms/contracts';
import type { Tracing } from '@rtms/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ZoomApiConfig } from './config.js';
import { ControlEvents } from './control-events.js';
import { createZoomApiMetrics, type ZoomApiMetrics } from './metrics.js';
import { OAuthTokenSource, staticTokenSource, type TokenSource } from './oauth-token.js';
import type { RetryPolicy } from './retry-policy.js';
import { RtmsController } from './rtms-controller.js';
import { StopCancellations } from './stop-cancellations.js';
import { StopScheduler } from './stop-scheduler.js';
import { type ZoomAuth, zoomCredentials } from './zoom-auth.js';
import { ZoomClient } from './zoom-client.js';

export interface WiringDeps {
  config: ZoomApiConfig;
  logger: Logger;
  /** Connected; topology provisioned (zoomApiTopology()). */
  nc: NatsConnection;
  metrics: Registry;
  /** Injectable for tests; default: Node's global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  tracing: Tracing;
}

export interface Components {
  js: JetStreamClient;
  metrics: ZoomApiMetrics;
  events: ControlEvents;
  controller: RtmsController;
  cancellations: StopCancellations;
  scheduler: StopScheduler;
  auth: ZoomAuth;
  tokens: TokenSource;
}

/** Zoom REST retries from the config: doubling with equal jitter, Retry-After for 429. */
export function retryPolicyOf(config: ZoomApiConfig): RetryPolicy {
  return {
    maxAttempts: config.ZOOM_RETRY_MAX_ATTEMPTS,
    backoff: { baseMs: config.ZOOM_RETRY_BASE_MS, maxMs: config.ZOOM_RETRY_MAX_DELAY_MS, jitter: 'equal' },
    maxRetryAfterMs: config.ZOOM_RETRY_AFTER_MAX_SECONDS * 1000,
  };
}

/** The parts of zoom-api, wired from its dependencies (the app adds consumers and the control service). */
export async function wireComponents(deps: WiringDeps): Promise<Components> {
  const { config, logger, nc } = deps;
  const now = deps.now ?? Date.now;
  const { auth, rtmsClientId } = zoomCredentials(config);
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const kv = await new Kvm(nc).open(Buckets.stopCancels);
  const metrics = createZoomApiMetrics(
    deps.metrics,
    async () => (await jsm.streams.info(Streams.schedule)).state.messages,
  );
  const tokens: TokenSource =
    auth.kind === 'static'
      ? staticTokenSource(auth.token)
      : new OAuthTokenSource({
          ...auth,
          refreshMarginMs: config.ZOOM_TOKEN_REFRESH_MARGIN_SECONDS * 1000,
          timeoutMs: config.ZOOM_API_TIMEOUT_MS,
          logger,
          now,
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          onFetch: (outcome) => metrics.tokenRefreshes.inc({ outcome }),
        });
  const zoom = new ZoomClient({
    apiBaseUrl: config.ZOOM_API_BASE_URL.replace(/\/+$/, ''),
    rtmsClientId,
    tokens,
    retry: retryPolicyOf(config),
    requestTimeoutMs: config.ZOOM_API_TIMEOUT_MS,
    logger: logger.child({ component: 'zoom-client' }),
    metrics,
    now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const events = new ControlEvents(js, logger, now);
  const controller = new RtmsController({ zoom, events, metrics, logger, tracing: deps.tracing });
  const cancellations = new StopCancellations(kv, now);
  const scheduler = new StopScheduler({ js, jsm, cancellations, events, metrics, logger, now });

  return { js, metrics, events, controller, cancellations, scheduler, auth, tokens };
}
