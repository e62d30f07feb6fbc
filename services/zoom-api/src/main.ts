// The zoom-api process: config, logger, NATS, topology, app, health/metrics HTTP, graceful shutdown.
import { Streams } from '@rtms/contracts';
import {
  createHttpServer,
  createMetricsRegistry,
  natsConnectedCheck,
  runService,
  streamsPresentCheck,
} from '@rtms/service-kit';
import { createZoomApiApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';
import { zoomApiTopology } from './topology.js';

runService({
  service: SERVICE,
  loadConfig,
  processConfig: ({ config }) => config,
  topology: () => zoomApiTopology(),
  build: async ({ config: { config, settings }, logger, nc }) => {
    const metrics = createMetricsRegistry(SERVICE);
    const app = await createZoomApiApp({ settings, logger, nc, metrics });
    const http = createHttpServer({
      logger,
      metrics,
      readiness: {
        nats: natsConnectedCheck(nc),
        streams: streamsPresentCheck(nc, [Streams.webhooks, Streams.schedule, Streams.control]),
        consumers: () => (app.running ? { ok: true } : { ok: false, detail: 'consumers not running' }),
        zoomCredentials: () => app.credentials.state,
      },
    });
    return {
      async start() {
        await app.start();
        await http.listen({ port: config.PORT, host: config.HOST });
        logger.info({ port: config.PORT, serviceId: app.serviceId }, 'zoom-api listening');
      },
      async close() {
        await http.close();
        // Stop taking webhooks, delayed stops and requests; finish the Zoom calls in flight.
        await app.close();
      },
    };
  },
});
