import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Buckets, Streams } from '@rtms/contracts';
import type { ZoomApiDeps } from './app.js';
import { ControlEvents } from './control-events.js';
import { createZoomApiMetrics, type ZoomApiMetrics } from './metrics.js';
import { OAuthTokenSource, staticTokenSource, type TokenSource } from './oauth-token.js';
import { RtmsController } from './rtms-controller.js';
import { StopCancellations } from './stop-cancellations.js';
import { StopScheduler } from './stop-scheduler.js';
import { ZoomClient } from './zoom-client.js';

export interface Components {
  js: JetStreamClient;
  metrics: ZoomApiMetrics;
  events: ControlEvents;
  controller: RtmsController;
  cancellations: StopCancellations;
  scheduler: StopScheduler;
  tokens: TokenSource;
}

/** The parts of zoom-api, wired from its dependencies (the app adds consumers and the control service). */
export async function wireComponents(deps: ZoomApiDeps): Promise<Components> {
  const { settings, logger, nc } = deps;
  const now = deps.now ?? Date.now;
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const kv = await new Kvm(nc).open(Buckets.stopCancels);
  const metrics = createZoomApiMetrics(
    deps.metrics,
    async () => (await jsm.streams.info(Streams.schedule)).state.messages,
  );
  const tokens: TokenSource =
    settings.auth.kind === 'static'
      ? staticTokenSource(settings.auth.token)
      : new OAuthTokenSource({
          ...settings.auth,
          refreshMarginMs: settings.tokenRefreshMarginMs,
          timeoutMs: settings.requestTimeoutMs,
          logger,
          now,
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          onFetch: (outcome) => metrics.tokenRefreshes.inc({ outcome }),
        });
  const zoom = new ZoomClient({
    apiBaseUrl: settings.apiBaseUrl,
    rtmsClientId: settings.rtmsClientId,
    tokens,
    retry: settings.retry,
    requestTimeoutMs: settings.requestTimeoutMs,
    logger: logger.child({ component: 'zoom-client' }),
    metrics,
    now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const events = new ControlEvents(js, logger, now);
  const controller = new RtmsController(zoom, events, metrics, logger);
  const cancellations = new StopCancellations(kv, now);
  const scheduler = new StopScheduler({ js, jsm, cancellations, events, metrics, logger, now });

  return { js, metrics, events, controller, cancellations, scheduler, tokens };
}
