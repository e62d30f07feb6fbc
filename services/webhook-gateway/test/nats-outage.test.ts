import { isolatedNatsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { postSigned, request, startGateway, storedWebhooks, webhookBody } from './helpers.js';

describe('webhook-gateway - NATS outage', () => {
  isolatedNatsTest(
    'outage - only 503s while NATS is down, recovers by itself, every 2xx is stored',
    async ({ nats, natsServer }) => {
      const gateway = await startGateway(nats, {
        WEBHOOK_PUBLISH_TIMEOUT_MS: '500',
        WEBHOOK_RETRY_AFTER_SECONDS: '7',
      });
      const answered: { body: string; status: number; retryAfter?: string | undefined; code?: unknown }[] =
        [];
      let phase: 'before' | 'down' | 'after' = 'before';
      let stop = false;
      const downAnswers: number[] = [];
      // Steady traffic from 4 senders for the whole test.
      const senders = Array.from({ length: 4 }, async () => {
        while (!stop) {
          const body = webhookBody('meeting.rtms_started');
          const answer = await postSigned(gateway.url, body);
          answered.push({
            body,
            status: answer.status,
            retryAfter: answer.headers['retry-after'],
            code: answer.status === 200 ? undefined : answer.json().code,
          });
          if (phase === 'down') downAnswers.push(answer.status);
        }
      });
      try {
        await waitFor(() => answered.filter((a) => a.status === 200).length >= 20, {
          what: '20 stored before',
        });
        await natsServer.stop();
        phase = 'down';
        await waitFor(() => downAnswers.filter((s) => s === 503).length >= 10, {
          what: '503s while NATS is down',
        });
        const ready = await request(gateway.url, { method: 'GET', path: '/readyz' });
        expect(ready.status).toBe(503);
        await natsServer.start();
        phase = 'after';
        const seen = answered.length;
        await waitFor(() => answered.slice(seen).filter((a) => a.status === 200).length >= 20, {
          timeoutMs: 20_000,
          what: 'the gateway to store again after NATS returned',
        });
      } finally {
        stop = true;
        await Promise.all(senders);
      }
      // While down: nothing but 503 with Retry-After and a stable code.
      expect(new Set(downAnswers.filter((s) => s !== 200))).toEqual(new Set([503]));
      for (const a of answered.filter((x) => x.status !== 200)) {
        expect(a.status).toBe(503);
        expect(a.retryAfter).toBe('7');
        expect(['nats_unavailable', 'not_stored']).toContain(a.code);
      }
      // Every request that got 200 is in the stream (a 503 may or may not be: Zoom's retry is then a duplicate).
      const stored = new Set((await storedWebhooks(nats)).map((m) => m.body));
      const acknowledged = answered.filter((a) => a.status === 200);
      expect(acknowledged.filter((a) => !stored.has(a.body))).toEqual([]);
      await waitFor(
        async () => (await request(gateway.url, { method: 'GET', path: '/readyz' })).status === 200,
        {
          what: 'ready again',
        },
      );
      await gateway.close();
    },
  );
});
