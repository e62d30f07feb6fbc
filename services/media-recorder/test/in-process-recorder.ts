import { createLogger } from '@rtms/logger';
import { provisionTopology } from '@rtms/nats';
import type { NatsContext } from '@rtms/testkit';
import type { Logger } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { recorderTopology } from '../src/topology.js';

// A recorder app in the test's process (no simulator, no connector): its topology provisioned, listening on
// 127.0.0.1 with a free port, `env` on top of the defaults. Tests that feed RTMS_MEDIA themselves use it.

const silent = createLogger({ service: 'media-recorder-test', level: 'silent' });

export async function startInProcessRecorder(
  nats: NatsContext,
  env: Record<string, string>,
  o: { name?: string; logger?: Logger } = {},
): Promise<{ address: string; close: () => Promise<void> }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
  const logger = o.logger ?? silent;
  await provisionTopology(nats.nc, recorderTopology(config), logger);
  const app = buildApp({ config, logger, nc: await nats.connect(o.name ?? 'recorder') });
  const address = await app.start();
  return { address, close: () => app.close() };
}
