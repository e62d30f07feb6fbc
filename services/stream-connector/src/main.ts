// The stream-connector process: config, logger, NATS, topology, app, listen, graceful shutdown.
import { createLogger } from '@rtms/logger';
import { connectNats, drainNats, provisionTopology } from '@rtms/nats';
import { installShutdown } from '@rtms/service-kit';
import { buildApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';
import { connectorTopology } from './topology.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const nc = await connectNats({
    servers: config.NATS_URL,
    name: SERVICE,
    logger,
    credsFile: config.NATS_CREDS_FILE,
  });
  await provisionTopology(nc, connectorTopology(config.RTMS_LEASE_TTL_MS), logger);

  const app = buildApp({ config, logger, nc });
  installShutdown({
    logger,
    graceMs: config.SHUTDOWN_GRACE_MS,
    // Release every stream first (sockets closed, then leases deleted) so other replicas take over at once;
    // then flush publishes and drain NATS.
    close: async () => {
      await app.close();
      await drainNats(nc, logger);
    },
  });
  await app.start();
}

main().catch((err: unknown) => {
  // Config errors carry the fix in their message; print it plainly, then exit non-zero.
  const logger = createLogger({ service: SERVICE });
  logger.fatal({ err }, err instanceof Error ? err.message : 'stream-connector failed to start');
  // A NATS connection may already be open and would keep the process alive.
  process.exit(1);
});
