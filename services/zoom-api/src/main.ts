// The zoom-api process: config, logger, NATS, topology, app, health/metrics HTTP, graceful shutdown.
import { Streams } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { connectNats, drainNats, provisionTopology } from '@rtms/nats';
import {
  createHttpServer,
  createMetricsRegistry,
  installShutdown,
  natsConnectedCheck,
  streamsPresentCheck,
} from '@rtms/service-kit';
import { createZoomApiApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';
import { zoomApiTopology } from './topology.js';

async function main(): Promise<void> {
  const { config, settings } = loadConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const nc = await connectNats({
    servers: config.NATS_URL,
    name: SERVICE,
    logger,
    credsFile: config.NATS_CREDS_FILE,
  });
  await provisionTopology(nc, zoomApiTopology(), logger);

  const metrics = createMetricsRegistry(SERVICE);
  const app = await createZoomApiApp({ settings, logger, nc, metrics });
  const http = createHttpServer({
    logger,
    metrics,
    readiness: {
      nats: natsConnectedCheck(nc),
      streams: streamsPresentCheck(nc, [Streams.webhooks, Streams.schedule, Streams.control]),
      consumers: () => (app.running ? { ok: true } : { ok: false, detail: 'consumers not running' }),
    },
  });
  installShutdown({
    logger,
    graceMs: config.SHUTDOWN_GRACE_MS,
    close: async () => {
      await http.close();
      // Stop taking webhooks, delayed stops and requests; finish the Zoom calls in flight; then drain NATS.
      await app.close();
      await drainNats(nc, logger);
    },
  });
  await app.start();
  await http.listen({ port: config.PORT, host: config.HOST });
  logger.info({ port: config.PORT, serviceId: app.serviceId }, 'zoom-api listening');
}

main().catch((err: unknown) => {
  // Config errors carry the fix in their message; print it plainly, then exit non-zero.
  const logger = createLogger({ service: SERVICE });
  logger.fatal({ err }, err instanceof Error ? err.message : 'zoom-api failed to start');
  process.exit(1);
});
