// The stream-connector process: config, logger, NATS, topology, app, listen, graceful shutdown.
// On shutdown app.close() releases every stream first (sockets closed, then leases deleted) so other
// replicas take over at once; then publishes flush and NATS drains.
import { runService } from '@rtms/service-kit';
import { buildApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';
import { connectorTopology } from './topology.js';

runService({
  service: SERVICE,
  loadConfig,
  processConfig: (config) => config,
  topology: (config) =>
    connectorTopology(
      config.RTMS_LEASE_TTL_MS,
      config.RTMS_RECORDING ? { mediaRetentionMs: config.RTMS_MEDIA_RETENTION_MS } : undefined,
    ),
  build: ({ config, logger, nc, tracing }) => buildApp({ config, logger, nc, tracing }),
});
