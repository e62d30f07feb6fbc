// The transcript-sink process: config, logger, NATS, topology, app, listen, graceful shutdown.
import { createLogger } from '@rtms/logger';
import { connectNats, drainNats, provisionTopology } from '@rtms/nats';
import { installShutdown } from '@rtms/service-kit';
import { buildApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';
import { sinkTopology } from './topology.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const nc = await connectNats({
    servers: config.NATS_URL,
    name: `${SERVICE}:${config.TRANSCRIPT_SINK_CONSUMER}`,
    logger,
    credsFile: config.NATS_CREDS_FILE,
  });
  await provisionTopology(nc, sinkTopology(config), logger);

  const app = buildApp({ config, logger, nc });
  installShutdown({
    logger,
    graceMs: config.SHUTDOWN_GRACE_MS,
    close: async () => {
      // Consumers stop and the segment in hand is written and acked, files are synced, then NATS drains.
      await app.close();
      await drainNats(nc, logger);
    },
  });
  await app.start();
}

main().catch((err: unknown) => {
  // Config errors carry the fix in their message; print it plainly, then exit non-zero.
  const logger = createLogger({ service: SERVICE });
  logger.fatal({ err }, err instanceof Error ? err.message : 'transcript sink failed to start');
  // A NATS connection may already be open and would keep the process alive.
  process.exit(1);
});
