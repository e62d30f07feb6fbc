// The media-recorder process: config, logger, NATS, topology, app, listen, graceful shutdown.
// On shutdown the consumer stops, what was read is stored and acknowledged, then NATS drains.
import { runService } from '@rtms/service-kit';
import { buildApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';
import { recorderTopology } from './topology.js';

runService({
  service: SERVICE,
  loadConfig,
  processConfig: (config) => config,
  topology: recorderTopology,
  build: ({ config, logger, nc }) => buildApp({ config, logger, nc }),
});
