// The webhook-gateway process: config, logger, NATS, topology, app, listen, graceful shutdown.
import { Streams, streamSpecs } from '@rtms/contracts';
import { runService } from '@rtms/service-kit';
import { buildApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';

runService({
  service: SERVICE,
  loadConfig,
  processConfig: (config) => config,
  // Only the stream this service writes to; consumers are provisioned by the services that own them.
  topology: () => ({ streams: streamSpecs().filter((s) => s.name === Streams.webhooks) }),
  build: ({ config, logger, nc, tracing }) => buildApp({ config, logger, nc, tracing }),
});
