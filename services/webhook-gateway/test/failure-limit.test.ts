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
      // Headers that can never verify (none, stale) are refused before the body is read.
      const noHeaders = await request(url, {
        headers: { 'content-type': 'application/json' },
        body: webhookBody(),
      });
      expect(noHeaders.status).toBe(429);
      const stale = await postSigned(url, webhookBody(), {
        timestamp: String(Number(clock.seconds()) - 3600),
      });
      expect(stale.status).toBe(429);

      clock.advance(10_000);
      expect((await postSigned(url, webhookBody(), { clock, secret: 'bad' })).status).toBe(401);
      expect(await storedWebhooks(nats)).toHaveLength(5);

      const metrics = (await request(url, { method: 'GET', path: '/metrics' })).text;
      expect(metrics).toMatch(/webhook_requests_total\{outcome="rate_limited"[^}]*\} 3/);
      expect(gateway.logs.find((l) => l.outcome === 'rate_limited')).toMatchObject({
        code: 'too_many_failures',
        status: 429,
      });
    },
  );

  natsTest(
    'limiter - a correctly signed webhook from a flooded address is stored, never refused',
    async ({ nats }) => {
      // The attacker and Zoom share one address (a proxy or tunnel in front without TRUST_PROXY): the flood
      // comes from the very client address the real webhook then uses.
      const gateway = await startGateway(nats, { WEBHOOK_FAILURE_LIMIT: '20' });
      const { url } = gateway;
      const answers: number[] = [];
      for (let i = 0; i < 40; i++) {
        const forged = await postSigned(url, webhookBody(), { secret: 'attacker-guess' });
        answers.push(forged.status);
      }
      expect(answers.slice(0, 20)).toEqual(Array(20).fill(401));
      expect(answers.slice(20)).toEqual(Array(20).fill(429));

      const real = webhookBody('meeting.rtms_started');
      const answer = await postSigned(url, real);
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ status: 'stored' });
      const stored = await storedWebhooks(nats);
      expect(stored.map((m) => m.body)).toEqual([real]);
      // The address is still over its budget: the next forged request is shed again.
      expect((await postSigned(url, webhookBody(), { secret: 'attacker-guess' })).status).toBe(429);
      // A url_validation signed correctly is answered too.
      const validation = await postSigned(
        url,
        JSON.stringify({
          event: 'endpoint.url_validation',
          event_ts: Date.now(),
          payload: { plainToken: 'abc' },
        }),
      );
      expect(validation.status).toBe(200);
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
