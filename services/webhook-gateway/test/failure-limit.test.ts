import { natsTest } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { postSigned, request, startGateway, storedWebhooks, testClock, webhookBody } from './helpers.js';

describe('webhook-gateway - failure limiter', () => {
  natsTest(
    'limiter - a client that keeps failing signature checks gets 429 until tokens refill',
    async ({ nats }) => {
      const clock = testClock();
      const gateway = await startGateway(
        nats,
        { WEBHOOK_FAILURE_LIMIT: '3', WEBHOOK_FAILURE_WINDOW_SECONDS: '30' },
        { clock },
      );
      const { url } = gateway;
      // Successes never count: a busy sender with the right secret is never limited.
      for (let i = 0; i < 5; i++) expect((await postSigned(url, webhookBody(), { clock })).status).toBe(200);
      for (let i = 0; i < 3; i++)
        expect((await postSigned(url, webhookBody(), { clock, secret: 'bad' })).status).toBe(401);

      const limited = await postSigned(url, webhookBody(), { clock, secret: 'bad' });
      expect(limited.status).toBe(429);
      expect(limited.json()).toEqual({ code: 'too_many_failures', message: expect.any(String) });
      expect(limited.headers['retry-after']).toBe('10');
      // Refused before the body is read: even a valid request from that address waits (documented trade-off).
      expect((await postSigned(url, webhookBody(), { clock })).status).toBe(429);

      clock.advance(10_000);
      expect((await postSigned(url, webhookBody(), { clock })).status).toBe(200);
      expect(await storedWebhooks(nats)).toHaveLength(6);

      const metrics = (await request(url, { method: 'GET', path: '/metrics' })).text;
      expect(metrics).toMatch(/webhook_requests_total\{outcome="rate_limited"[^}]*\} 2/);
      expect(gateway.logs.find((l) => l.outcome === 'rate_limited')).toMatchObject({
        code: 'too_many_failures',
        status: 429,
      });
    },
  );

  natsTest(
    'limiter - behind a trusted proxy, clients are told apart by X-Forwarded-For',
    async ({ nats }) => {
      const gateway = await startGateway(nats, { WEBHOOK_FAILURE_LIMIT: '1', TRUST_PROXY: '127.0.0.1' });
      const { url } = gateway;
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      expect(
        (await postSigned(url, webhookBody(), { secret: 'bad', headers: from('203.0.113.7') })).status,
      ).toBe(401);
      expect(
        (await postSigned(url, webhookBody(), { secret: 'bad', headers: from('203.0.113.7') })).status,
      ).toBe(429);
      expect((await postSigned(url, webhookBody(), { headers: from('198.51.100.1') })).status).toBe(200);
      expect(gateway.logs.find((l) => l.outcome === 'rate_limited')).toMatchObject({ ip: '203.0.113.7' });
    },
  );
});
