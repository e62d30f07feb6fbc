// The transcript-sink process: config, logger, NATS, topology, app, listen, graceful shutdown.
// On shutdown consumers stop and the segment in hand is written and acked, files are synced, then NATS drains.
import { runService } from '@rtms/service-kit';
import { buildApp } from './app.js';
import { loadConfig, SERVICE } from './config.js';
import { sinkTopology } from './topology.js';
import { createTranscriptLogger } from './transcript-logger.js';

runService({
  service: SERVICE,
  loadConfig,
  processConfig: (config) => config,
  connectionName: (config) => `${SERVICE}:${config.TRANSCRIPT_SINK_CONSUMER}`,
  topology: sinkTopology,
  build: ({ config, logger, nc, tracing }) =>
    buildApp({ config, logger, nc, tracing, lines: createTranscriptLogger(logger) }),
});
