// The webhook-gateway process: config, logger, NATS, topology, app, listen, graceful shutdown.
import { ConfigError } from '@rtms/config';
import { Streams, streamSpecs } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { connectNats, drainNats, provisionTopology } from '@rtms/nats';
import { installShutdown } from '@rtms/service-kit';
import { buildApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const nc = await connectNats({
    servers: config.NATS_URL,
    name: SERVICE,
    logger,
    credsFile: config.NATS_CREDS_FILE,
  });
  // Only the stream this service writes to; consumers are provisioned by the services that own them.
  await provisionTopology(nc, { streams: streamSpecs().filter((s) => s.name === Streams.webhooks) }, logger);

  const app = buildApp({ config, logger, nc });
  installShutdown({
    logger,
    graceMs: config.SHUTDOWN_GRACE_MS,
    close: async () => {
      await app.close();
      await drainNats(nc, logger);
    },
  });
  await app.start();
}

main().catch((err: unknown) => {
  const logger = createLogger({ service: SERVICE });
  // A config error's message already names each variable and its fix; a stack would only hide it.
  if (err instanceof ConfigError) logger.fatal({ issues: err.issues }, err.message);
  else logger.fatal({ err }, 'webhook gateway failed to start');
  // A NATS connection may already be open and would keep the process alive.
  process.exit(1);
});
