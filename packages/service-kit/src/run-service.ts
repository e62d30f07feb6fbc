import type { NatsConnection } from '@nats-io/transport-node';
import { ConfigError } from '@rtms/config';
import { createLogger } from '@rtms/logger';
import { connectNats, drainNats, provisionTopology, type Topology } from '@rtms/nats';
import { startTracing, type Tracing } from '@rtms/tracing';
import type { Logger } from 'pino';
import { installShutdown, type Shutdown } from './shutdown.js';

/** The process settings every service config has (`commonEnv()` in @rtms/config). */
interface ProcessConfig {
  LOG_LEVEL: string;
  LOG_BUFFER_BYTES: number;
  NATS_URL: string;
  NATS_CREDS_FILE?: string | undefined;
  NATS_USER?: string | undefined;
  NATS_PASSWORD?: string | undefined;
  NATS_REPLICAS: number;
  NATS_REPLICAS_ALLOW_LOWER: boolean;
  SHUTDOWN_GRACE_MS: number;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_SDK_DISABLED: boolean;
}

/** Tracing is on when an OTLP endpoint is set and the SDK is not disabled (docs/operations.md, "Tracing"). */
function tracingEnabled(settings: ProcessConfig): boolean {
  const endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT ?? settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  return endpoint !== undefined && !settings.OTEL_SDK_DISABLED;
}

/** What a service's app gives the process: start it; close it (stop intake, finish in-flight work). */
interface ServiceApp {
  start(): Promise<unknown>;
  close(): Promise<void>;
}

export interface RunServiceOptions<C> {
  service: string;
  /** Parses the env config; a ConfigError names each bad variable and its fix. */
  loadConfig: () => C;
  /** Where the process settings are inside the config. */
  processConfig: (config: C) => ProcessConfig;
  /** NATS connection name shown by the server (default: the service name). */
  connectionName?: (config: C) => string;
  /** The streams, consumers and buckets this service needs (provisioned idempotently at start-up). */
  topology: (config: C) => Topology;
  build: (deps: {
    config: C;
    logger: Logger;
    nc: NatsConnection;
    tracing: Tracing;
  }) => ServiceApp | Promise<ServiceApp>;
}

/**
 * The whole life of a service process, so every `main.ts` is only wiring: load config, create the logger,
 * connect to NATS (with retry), provision the topology, build and start the app, and on SIGTERM/SIGINT close
 * the app (intake first, then in-flight work) and drain NATS. A start-up failure is logged — a config error
 * as its list of variables and fixes — and the process exits 1. A signal during start-up is a shutdown, not a
 * failure: what is open so far is closed, the step it interrupted is not reported as fatal, and the exit is 0.
 */
export function runService<C>(options: RunServiceOptions<C>): void {
  let shutdown: Shutdown | undefined;
  let logger: Logger | undefined;
  const main = async () => {
    const config = options.loadConfig();
    const settings = options.processConfig(config);
    const log = createLogger({
      service: options.service,
      level: settings.LOG_LEVEL,
      bufferBytes: settings.LOG_BUFFER_BYTES,
    });
    logger = log;
    // Installed before the first await, so a signal at any point of start-up closes what exists by then.
    const open: { nc?: NatsConnection; app?: ServiceApp; tracing?: Tracing } = {};
    const stopping = installShutdown({
      logger: log,
      graceMs: settings.SHUTDOWN_GRACE_MS,
      close: async () => {
        await open.app?.close();
        if (open.nc) await drainNats(open.nc, log);
        await open.tracing?.shutdown();
      },
    });
    shutdown = stopping;
    const nc = await connectNats({
      servers: settings.NATS_URL,
      name: options.connectionName?.(config) ?? options.service,
      logger: log,
      credsFile: settings.NATS_CREDS_FILE,
      user: settings.NATS_USER,
      password: settings.NATS_PASSWORD,
    });
    if (stopping.closing) return void (await nc.close());
    open.nc = nc;
    await provisionTopology(
      nc,
      {
        ...options.topology(config),
        replicas: settings.NATS_REPLICAS,
        allowLowerReplicas: settings.NATS_REPLICAS_ALLOW_LOWER,
      },
      log,
    );
    if (stopping.closing) return;
    const tracing = startTracing({ service: options.service, enabled: tracingEnabled(settings) });
    open.tracing = tracing;
    if (tracing.enabled) log.info('tracing on: spans are exported over OTLP/HTTP');
    const app = await options.build({ config, logger: log, nc, tracing });
    // Built while shutdown ran: close already passed the app, so close it here.
    if (stopping.closing) return void (await app.close());
    open.app = app;
    await app.start();
  };
  main().catch((err: unknown) => {
    // Shutdown began during start-up and the step it interrupted failed (a drained connection, a closed
    // app): that is the shutdown itself, which finishes and exits on its own.
    if (shutdown?.closing) {
      logger?.info({ err }, 'start-up interrupted by shutdown');
      return;
    }
    const log = logger ?? createLogger({ service: options.service });
    // A config error's message already names each variable and its fix; a stack would only hide it.
    if (err instanceof ConfigError) log.fatal({ issues: err.issues }, err.message);
    else log.fatal({ err }, `${options.service} failed to start`);
    // A NATS connection may already be open and would keep the process alive.
    process.exit(1);
  });
}
