import { createLogger } from '@rtms/logger';
import { isolatedNatsTest, natsTest } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import {
  createHttpServer,
  createMetricsRegistry,
  natsConnectedCheck,
  streamsPresentCheck,
} from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('service-kit - http server', () => {
  natsTest(
    'healthz is live; readyz reflects NATS and streams; metrics are Prometheus text',
    async ({ nats }) => {
      const app = createHttpServer({
        logger,
        metrics: createMetricsRegistry('test'),
        readiness: { nats: natsConnectedCheck(nats.nc), streams: streamsPresentCheck(nats.nc, ['READY_S']) },
      });
      try {
        expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
        const notReady = await app.inject('/readyz');
        expect(notReady.statusCode).toBe(503);
        expect(notReady.json().checks.streams.ok).toBe(false);
        await nats.jsm.streams.add({ name: 'READY_S', subjects: ['ready.>'] });
        const ready = await app.inject('/readyz');
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toMatchObject({
          ready: true,
          checks: { nats: { ok: true }, streams: { ok: true } },
        });
        const metrics = await app.inject('/metrics');
        expect(metrics.headers['content-type']).toContain('text/plain');
        expect(metrics.body).toContain('process_cpu_user_seconds_total{service="test"}');
      } finally {
        await app.close();
      }
    },
  );

  isolatedNatsTest('readyz turns 503 while NATS is down and 200 when it is back', async ({ natsServer }) => {
    const { connect } = await import('@nats-io/transport-node');
    const nc = await connect({ servers: natsServer.url, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
    const app = createHttpServer({
      logger,
      metrics: createMetricsRegistry('t'),
      readiness: { nats: natsConnectedCheck(nc) },
    });
    const { waitFor } = await import('@rtms/testkit');
    try {
      expect((await app.inject('/readyz')).statusCode).toBe(200);
      await natsServer.stop();
      await waitFor(async () => (await app.inject('/readyz')).statusCode === 503, { what: 'readyz 503' });
      await natsServer.start();
      await waitFor(async () => (await app.inject('/readyz')).statusCode === 200, { what: 'readyz 200' });
    } finally {
      await app.close();
      await nc.close();
    }
  });
});
