import { createRequire } from 'node:module';
import type { NatsConnection } from '@nats-io/transport-node';
import { Consumers, Streams } from '@rtms/contracts';
import { type RunningConsumer, runConsumer } from '@rtms/nats';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ZoomApiSettings } from './config.js';
import { type ControlService, startControlService } from './control-service.js';
import { CredentialsCheck } from './credentials-check.js';
import { scheduleHandler } from './schedule-consumer.js';
import { consumerSpec } from './topology.js';
import { webhookHandler } from './webhook-consumer.js';
import { wireComponents } from './wiring.js';

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
  /** Pause between credential checks while the token endpoint is unreachable (default 2 s). */
  credentialsRetryMs?: number;
}

export interface ZoomApiApp {
  /** Starts the consumers and the control API. */
  start(): Promise<void>;
  /** Stops taking work (consumers, control API), then waits for calls in flight. NATS is left to the caller. */
  close(): Promise<void>;
  /** The control service's instance id ($SRV.PING), once started. */
  readonly serviceId: string | undefined;
  readonly running: boolean;
  /** The start-up credentials self-check (its state is part of /readyz). */
  readonly credentials: CredentialsCheck;
}

/** Builds zoom-api from its dependencies. */
export async function createZoomApiApp(deps: ZoomApiDeps): Promise<ZoomApiApp> {
  const { settings, logger, nc } = deps;
  const { js, events, controller, cancellations, scheduler, metrics, tokens } = await wireComponents(deps);
  const credentials = new CredentialsCheck({
    auth: settings.auth,
    tokens,
    logger,
    retryMs: deps.credentialsRetryMs ?? 2000,
  });
  const now = deps.now ?? Date.now;

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
    credentials,
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
          unavailableRetryMs: settings.retry.backoff.maxMs,
          giveUpAfterMs: 60 * 60_000,
          now,
        }),
      });
      consumers = [webhooks, schedule];
      control = await startControlService({ nc, controller, scheduler, logger, version });
      running = true;
      await credentials.start();
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
      credentials.stop();
      await Promise.all([...consumers.map((c) => c.stop()), control?.stop()]);
      await control?.settled();
    },
  };
}
