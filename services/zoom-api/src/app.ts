import { createRequire } from 'node:module';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, Consumers, Streams } from '@rtms/contracts';
import { type RunningConsumer, runConsumer } from '@rtms/nats';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ZoomApiSettings } from './config.js';
import { ControlEvents } from './control-events.js';
import { type ControlService, startControlService } from './control-service.js';
import { createZoomApiMetrics } from './metrics.js';
import { OAuthTokenSource, staticTokenSource, type TokenSource } from './oauth-token.js';
import { RtmsController } from './rtms-controller.js';
import { scheduleHandler } from './schedule-consumer.js';
import { StopCancellations } from './stop-cancellations.js';
import { StopScheduler } from './stop-scheduler.js';
import { consumerSpec } from './topology.js';
import { webhookHandler } from './webhook-consumer.js';
import { ZoomClient } from './zoom-client.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export interface ZoomApiDeps {
  settings: ZoomApiSettings;
  logger: Logger;
  /** Connected; topology provisioned (zoomApiTopology()). */
  nc: NatsConnection;
  metrics: Registry;
  /** Injectable for tests; default: Node's global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Webhooks handled at once per replica (default 8). */
  webhookConcurrency?: number;
  /** Delayed stops handled at once per replica (default 64): a slow stop call never delays another stop. */
  scheduleConcurrency?: number;
}

export interface ZoomApiApp {
  /** Starts the consumers and the control API. */
  start(): Promise<void>;
  /** Stops taking work (consumers, control API), then waits for calls in flight. NATS is left to the caller. */
  close(): Promise<void>;
  /** The control service's instance id ($SRV.PING), once started. */
  readonly serviceId: string | undefined;
  readonly running: boolean;
}

/** Builds zoom-api from its dependencies. */
export async function createZoomApiApp(deps: ZoomApiDeps): Promise<ZoomApiApp> {
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

  let consumers: RunningConsumer[] = [];
  let control: ControlService | undefined;
  let running = false;

  return {
    get serviceId() {
      return control?.id;
    },
    get running() {
      return running;
    },
    async start() {
      const webhooks = await runConsumer({
        js,
        stream: Streams.webhooks,
        durable: Consumers.zoomApiWebhooks,
        key: 'webhook',
        logger,
        concurrency: deps.webhookConcurrency ?? 8,
        handle: webhookHandler({
          controller,
          scheduler,
          logger,
          autoStart: settings.autoStart,
          autoStopMs: settings.autoStopMs,
          participantUserId: settings.participantUserId,
          ackWaitMs: consumerSpec(Consumers.zoomApiWebhooks).ackWaitMs,
        }),
      });
      const schedule = await runConsumer({
        js,
        stream: Streams.schedule,
        durable: Consumers.zoomApiSchedule,
        key: 'scheduledStop',
        logger,
        concurrency: deps.scheduleConcurrency ?? 64,
        handle: scheduleHandler({
          cancellations,
          controller,
          events,
          metrics,
          logger,
          recheckMs: settings.recheckMs,
          ackWaitMs: consumerSpec(Consumers.zoomApiSchedule).ackWaitMs,
          unavailableRetryMs: settings.retry.maxDelayMs,
          giveUpAfterMs: 60 * 60_000,
          now,
        }),
      });
      consumers = [webhooks, schedule];
      control = await startControlService({ nc, controller, scheduler, logger, version });
      running = true;
      logger.info(
        {
          apiBaseUrl: settings.apiBaseUrl,
          auth: settings.auth.kind,
          simulator: settings.simulator,
          autoStart: settings.autoStart,
          autoStopSeconds: settings.autoStopMs / 1000,
        },
        'zoom-api started',
      );
    },
    async close() {
      running = false;
      await Promise.all([...consumers.map((c) => c.stop()), control?.stop()]);
      await control?.settled();
    },
  };
}
