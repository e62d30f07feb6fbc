import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

/**
 * Drains a connection (subscriptions finish in-flight messages, pending publishes flush, then close), bounded
 * by a timeout after which the connection is closed outright. Safe to call twice.
 */
export async function drainNats(nc: NatsConnection, logger: Logger, timeoutMs = 5000): Promise<void> {
  if (nc.isClosed()) return;
  const log = logger.child({ component: 'nats' });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const drained = nc.isDraining()
      ? nc.closed().then(() => 'drained' as const)
      : nc.drain().then(() => 'drained' as const);
    const outcome = await Promise.race([drained, timeout]);
    if (outcome === 'timeout') {
      log.warn({ timeoutMs }, 'NATS drain timed out; closing');
      await nc.close();
    } else {
      log.info('NATS connection drained');
    }
  } catch (err) {
    log.warn({ err }, 'NATS drain failed; closing');
    await nc.close().catch(() => undefined);
  } finally {
    clearTimeout(timer);
  }
}
