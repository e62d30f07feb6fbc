import { natsTest } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import {
  OLD_SECRET,
  postSigned,
  request,
  SECRET,
  sign,
  startGateway,
  storedWebhooks,
  testClock,
  webhookBody,
} from './helpers.js';

describe('webhook-gateway - signature vectors over real HTTP', () => {
  natsTest('signature - each vector gets its answer and only valid ones are stored', async ({ nats }) => {
    const clock = testClock();
    const gateway = await startGateway(nats, {}, { clock });
    const { url } = gateway;
    const ts = clock.seconds();
    const body = webhookBody();
    const headersFor = (signature: string, timestamp = ts) => ({
      'content-type': 'application/json',
      'x-zm-signature': signature,
      'x-zm-request-timestamp': timestamp,
    });
    const vectors: [string, Parameters<typeof request>[1], number, string | undefined][] = [
      ['valid', { body, headers: headersFor(sign(SECRET, ts, body)) }, 200, undefined],
      [
        'wrong secret',
        { body, headers: headersFor(sign('not-the-secret', ts, body)) },
        401,
        'signature_mismatch',
      ],
      [
        'tampered body',
        { body: body.replace('rtms_started', 'rtms_stopped'), headers: headersFor(sign(SECRET, ts, body)) },
        401,
        'signature_mismatch',
      ],
      [
        'whitespace-changed body',
        { body: JSON.stringify(JSON.parse(body), null, 1), headers: headersFor(sign(SECRET, ts, body)) },
        401,
        'signature_mismatch',
      ],
      [
        'stale timestamp',
        { body, headers: headersFor(sign(SECRET, String(Number(ts) - 301), body), String(Number(ts) - 301)) },
        401,
        'timestamp_out_of_window',
      ],
      [
        'future timestamp',
        { body, headers: headersFor(sign(SECRET, String(Number(ts) + 301), body), String(Number(ts) + 301)) },
        401,
        'timestamp_out_of_window',
      ],
      [
        'signature signed for another timestamp',
        { body, headers: headersFor(sign(SECRET, String(Number(ts) - 1), body)) },
        401,
        'signature_mismatch',
      ],
      [
        'missing signature',
        { body, headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': ts } },
        401,
        'missing_headers',
      ],
      [
        'missing timestamp',
        { body, headers: { 'content-type': 'application/json', 'x-zm-signature': sign(SECRET, ts, body) } },
        401,
        'missing_headers',
      ],
      [
        'no x-zm headers at all',
        { body, headers: { 'content-type': 'application/json' } },
        401,
        'missing_headers',
      ],
      ['malformed signature', { body, headers: headersFor('sha256=abc') }, 401, 'malformed_signature'],
      [
        'timestamp in milliseconds',
        { body, headers: headersFor(sign(SECRET, `${ts}000`, body), `${ts}000`) },
        401,
        'malformed_timestamp',
      ],
    ];
    for (const [name, req, status, code] of vectors) {
      const answer = await request(url, req);
      expect(answer.status, name).toBe(status);
      if (code) expect(answer.json(), name).toEqual({ code, message: expect.any(String) });
    }
    const stored = await storedWebhooks(nats);
    expect(stored.map((m) => m.body)).toEqual([body]);

    // Verify failures are counted by reason; the signature never reaches a log line.
    const metrics = (await request(url, { method: 'GET', path: '/metrics' })).text;
    expect(metrics).toMatch(/webhook_verify_failures_total\{reason="signature_mismatch"[^}]*\} 4/);
    expect(metrics).toMatch(/webhook_verify_failures_total\{reason="timestamp_out_of_window"[^}]*\} 2/);
    expect(metrics).toMatch(/webhook_verify_failures_total\{reason="missing_headers"[^}]*\} 3/);
    const logText = JSON.stringify(gateway.logs);
    expect(logText).not.toContain(sign(SECRET, ts, body).slice(3));
    expect(logText).not.toContain(SECRET);
  });

  natsTest('signature - rotated secret: new and old both pass while both are listed', async ({ nats }) => {
    let gateway = await startGateway(nats, { ZOOM_WEBHOOK_SECRET_TOKEN: `${SECRET},${OLD_SECRET}` });
    expect((await postSigned(gateway.url, webhookBody(), { secret: SECRET })).status).toBe(200);
    expect((await postSigned(gateway.url, webhookBody(), { secret: OLD_SECRET })).status).toBe(200);
    expect((await postSigned(gateway.url, webhookBody(), { secret: 'third' })).status).toBe(401);
    await gateway.close();

    // Rotation finished: the old secret is gone from the list and no longer accepted.
    gateway = await startGateway(nats, { ZOOM_WEBHOOK_SECRET_TOKEN: SECRET });
    const refused = await postSigned(gateway.url, webhookBody(), { secret: OLD_SECRET });
    expect(refused.status).toBe(401);
    expect(refused.json().code).toBe('signature_mismatch');
    expect(await storedWebhooks(nats)).toHaveLength(2);
  });
});
