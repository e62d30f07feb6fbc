// The zoom-api process: config, logger, NATS, topology, app (consumers, control API, health/metrics HTTP),
// graceful shutdown: HTTP and intake stop first, Zoom calls in flight finish, then NATS drains.
import { runService } from '@rtms/service-kit';
import { buildApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';
import { zoomApiTopology } from './topology.js';

runService({
  service: SERVICE,
  loadConfig,
  processConfig: (config) => config,
  topology: () => zoomApiTopology(),
  build: ({ config, logger, nc, tracing }) => buildApp({ config, logger, nc, tracing }),
});
