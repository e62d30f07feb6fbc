import { createLogger } from '@rtms/logger';
import { isolatedNatsTest, waitFor } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { connectNats, drainNats, NatsConnectError } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('nats - connectNats', () => {
  it('gives up after the first-connect timeout with NatsConnectError', async () => {
    const err = await connectNats({
      servers: 'nats://127.0.0.1:1',
      name: 't',
      logger,
      firstConnectTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NatsConnectError);
    expect((err as NatsConnectError).attempts).toBeGreaterThan(1);
  });

  isolatedNatsTest(
    'waits for a server that starts late, then reconnects after a restart',
    async ({ natsServer }) => {
      await natsServer.stop();
      const pending = connectNats({
        servers: natsServer.url,
        name: 't',
        logger,
        options: { reconnectTimeWait: 50 },
      });
      await natsServer.start();
      const nc = await pending;
      await natsServer.stop();
      await natsServer.start();
      await waitFor(() => nc.flush().then(() => true), { timeoutMs: 10_000 });
      await drainNats(nc, logger);
      expect(nc.isClosed()).toBe(true);
    },
  );
});
