import { natsTest } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { postSigned, request, startGateway, storedWebhooks } from './helpers.js';
import { corpus, VALID } from './malformed-corpus.js';

describe('webhook-gateway - malformed corpus', () => {
  natsTest('malformed - 200+ generated bad requests: no crash, no 5xx, nothing stored', async ({ nats }) => {
    // A high failure limit so every case reaches the code under test instead of a 429.
    const gateway = await startGateway(nats, {
      WEBHOOK_FAILURE_LIMIT: '100000',
      WEBHOOK_REQUEST_TIMEOUT_MS: '500',
    });
    const { url } = gateway;
    const cases = corpus();
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const results: { name: string; status: number }[] = [];
    const queue = [...cases];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift())
          results.push({ name: c.name, status: (await c.send(url)).status });
      }),
    );
    const unexpected = results.filter((r) => r.status < 400 || r.status >= 500);
    expect(unexpected).toEqual([]);
    const statuses = new Set(results.map((r) => r.status));
    for (const status of [400, 401, 404, 413, 415, 431]) expect(statuses, `some ${status}`).toContain(status);
    expect(await storedWebhooks(nats)).toEqual([]);

    // Still alive and still correct.
    expect((await request(url, { method: 'GET', path: '/healthz' })).status).toBe(200);
    expect((await postSigned(url, VALID)).json()).toEqual({ status: 'stored' });
    expect(await storedWebhooks(nats)).toHaveLength(1);
    expect(gateway.logs.filter((l) => l.level === 50 || l.level === 60)).toEqual([]);
  });
});
