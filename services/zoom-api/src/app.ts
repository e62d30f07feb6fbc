import { createRequire } from 'node:module';
import type { NatsConnection } from '@nats-io/transport-node';
import { Consumers, Streams } from '@rtms/contracts';
import { type RunningConsumer, runConsumer } from '@rtms/nats';
import {
  createHttpServer,
  createMetricsRegistry,
  disabledTracing,
  natsConnectedCheck,
  streamsPresentCheck,
  type Tracing,
} from '@rtms/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { SERVICE, type ZoomApiConfig } from './config.js';
import { type ControlService, startControlService } from './control-service.js';
import { CredentialsCheck } from './credentials-check.js';
import { scheduleHandler } from './schedule-consumer.js';
import { consumerSpec } from './topology.js';
import { webhookHandler } from './webhook-consumer.js';
import { wireComponents } from './wiring.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export interface ZoomApiDeps {
  config: ZoomApiConfig;
  logger: Logger;
  /** Connected; topology provisioned (zoomApiTopology()). The connection stays the caller's to drain. */
  nc: NatsConnection;
  /** Injectable for tests; default: Node's global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Spans for Zoom calls and delayed stops (default: off). */
  tracing?: Tracing;
}

export interface ZoomApiApp {
  readonly registry: Registry;
  /** Starts the consumers and the control API, then listens on HOST:PORT; resolves with the address. */
  start(): Promise<string>;
  /** Closes HTTP, stops taking work (consumers, control API), then waits for Zoom calls in flight. */
  close(): Promise<void>;
  /** The control service's instance id ($SRV.PING), once started. */
  readonly serviceId: string | undefined;
  readonly running: boolean;
  /** The start-up credentials self-check (its state is part of /readyz). */
  readonly credentials: CredentialsCheck;
}

/** Builds zoom-api from its dependencies. */
export async function buildApp(deps: ZoomApiDeps): Promise<ZoomApiApp> {
  const { config, logger, nc } = deps;
  const registry = createMetricsRegistry(SERVICE);
  const tracing = deps.tracing ?? disabledTracing;
  const parts = await wireComponents({ ...deps, metrics: registry, tracing });
  const { js, events, controller, cancellations, scheduler, metrics } = parts;
  const credentials = new CredentialsCheck({
    auth: parts.auth,
    tokens: parts.tokens,
    logger,
    retryMs: config.ZOOM_CREDENTIALS_RETRY_MS,
  });
  const now = deps.now ?? Date.now;

  let consumers: RunningConsumer[] = [];
  let control: ControlService | undefined;
  let running = false;
  const http = createHttpServer({
    logger,
    metrics: registry,
    readiness: {
      nats: natsConnectedCheck(nc),
      streams: streamsPresentCheck(nc, [Streams.webhooks, Streams.schedule, Streams.control]),
      consumers: () => (running ? { ok: true } : { ok: false, detail: 'consumers not running' }),
      zoomCredentials: () => credentials.state,
    },
  });

  const startConsumers = async () => {
    const webhooks = await runConsumer({
      js,
      stream: Streams.webhooks,
      durable: Consumers.zoomApiWebhooks,
      key: 'webhook',
      logger,
      concurrency: config.ZOOM_API_WEBHOOK_CONCURRENCY,
      handle: webhookHandler({
        controller,
        scheduler,
        logger,
        tracing,
        autoStart: config.RTMS_AUTO_START,
        autoStopMs: config.RTMS_AUTO_STOP_SECONDS * 1000,
        participantUserId: config.RTMS_PARTICIPANT_USER_ID,
        ackWaitMs: consumerSpec(Consumers.zoomApiWebhooks).ackWaitMs,
      }),
    });
    const schedule = await runConsumer({
      js,
      stream: Streams.schedule,
      durable: Consumers.zoomApiSchedule,
      key: 'scheduledStop',
      logger,
      concurrency: config.ZOOM_API_SCHEDULE_CONCURRENCY,
      handle: scheduleHandler({
        cancellations,
        controller,
        events,
        metrics,
        logger,
        tracing,
        recheckMs: config.RTMS_SCHEDULE_RECHECK_SECONDS * 1000,
        ackWaitMs: consumerSpec(Consumers.zoomApiSchedule).ackWaitMs,
        unavailableRetryMs: config.ZOOM_RETRY_MAX_DELAY_MS,
        giveUpAfterMs: config.RTMS_STOP_GIVE_UP_SECONDS * 1000,
        now,
      }),
    });
    consumers = [webhooks, schedule];
  };

  return {
    registry,
    get serviceId() {
      return control?.id;
    },
    get running() {
      return running;
    },
    credentials,
    async start() {
      await startConsumers();
      control = await startControlService({ nc, controller, scheduler, logger, version });
      running = true;
      await credentials.start();
      const address = await http.listen({ port: config.PORT, host: config.HOST });
      logger.info(
        {
          address,
          port: config.PORT,
          serviceId: control.id,
          apiBaseUrl: config.ZOOM_API_BASE_URL,
          auth: parts.auth.kind,
          autoStart: config.RTMS_AUTO_START,
          autoStopSeconds: config.RTMS_AUTO_STOP_SECONDS,
        },
        'zoom-api listening',
      );
      return address;
    },
    async close() {
      await http.close();
      // Stop taking webhooks, delayed stops and requests; finish the Zoom calls in flight.
      running = false;
      credentials.stop();
      await Promise.all([...consumers.map((c) => c.stop()), control?.stop()]);
      await control?.settled();
    },
  };
}
