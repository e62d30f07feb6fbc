import net from 'node:net';
import { Streams, WebhookHeaders, webhookMessageId } from '@rtms/contracts';
import { natsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import {
  hmacHex,
  postSigned,
  request,
  SECRET,
  sign,
  startGateway,
  storedWebhooks,
  webhookBody,
} from './helpers.js';

describe('webhook-gateway - intake', () => {
  natsTest('intake - stores the body verbatim with receive metadata, then answers 200', async ({ nats }) => {
    const gateway = await startGateway(nats);
    // Unusual but valid formatting: the stored bytes must be exactly these, not a re-serialisation.
    const body = `{ "event" : "meeting.rtms_started",\n "event_ts": 1626230691572, "payload": {"rtms_stream_id":"609340fb2a7946909659956c8aa9250c","meeting_uuid":"4444AAAiAAAAAiAiAiiAii==","server_urls":"wss://127.0.0.1:443","note":"caf\u00e9 \ud83d\ude00"} }`;
    const answer = await postSigned(gateway.url, body, {
      headers: { 'x-zm-request-id': 'req-1', 'x-zm-trackingid': 'v=2.0;clid=us06;rid=abc' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ status: 'stored' });

    const [stored, ...rest] = await storedWebhooks(nats);
    expect(rest).toEqual([]);
    expect(stored?.subject).toBe('zoom.webhook.meeting.rtms_started');
    expect(stored?.body).toBe(body);
    expect(stored?.headers).toMatchObject({
      [WebhookHeaders.requestId]: 'req-1',
      [WebhookHeaders.trackingId]: 'v=2.0;clid=us06;rid=abc',
      'Nats-Msg-Id': webhookMessageId(Buffer.from(body)),
    });
    expect(Number(stored?.headers[WebhookHeaders.requestTimestamp])).toBeGreaterThan(1_700_000_000);
    expect(Date.parse(stored?.headers[WebhookHeaders.receivedAt] ?? '')).toBeGreaterThan(Date.now() - 60_000);

    const line = gateway.logs.find((l) => l.msg === 'webhook request');
    expect(line).toMatchObject({
      event: 'meeting.rtms_started',
      outcome: 'stored',
      status: 200,
      trackingId: 'v=2.0;clid=us06;rid=abc',
      zoomRequestId: 'req-1',
      latencyMs: expect.any(Number),
    });
  });

  natsTest(
    'intake - answers url_validation with the HMAC of plainToken and stores nothing',
    async ({ nats }) => {
      const gateway = await startGateway(nats, { ZOOM_WEBHOOK_SECRET_TOKEN: `${SECRET},older` });
      const body = JSON.stringify({
        payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
        event_ts: 1654503849680,
        event: 'endpoint.url_validation',
      });
      const answer = await postSigned(gateway.url, body);
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({
        plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
        encryptedToken: hmacHex(SECRET, 'qgg8vlvZRS6UYooatFL8Aw'),
      });
      // Mid-rotation Zoom may still sign with the old secret: the answer uses the secret that verified.
      const old = await postSigned(gateway.url, body, { secret: 'older' });
      expect(old.json().encryptedToken).toBe(hmacHex('older', 'qgg8vlvZRS6UYooatFL8Aw'));

      // Unsigned validation is refused: answering it would hand out HMAC(secret, anything) (see docs).
      const unsigned = await request(gateway.url, { body, headers: { 'content-type': 'application/json' } });
      expect(unsigned.status).toBe(401);
      const noToken = await postSigned(gateway.url, JSON.stringify({ ...JSON.parse(body), payload: {} }));
      expect(noToken.status).toBe(400);
      expect(noToken.json().code).toBe('invalid_validation_request');
      expect(await storedWebhooks(nats)).toEqual([]);
    },
  );

  natsTest('intake - every refusal has its status and stable code', async ({ nats }) => {
    const gateway = await startGateway(nats, { WEBHOOK_BODY_LIMIT_BYTES: '2048' });
    const { url } = gateway;
    const expectCode = async (
      answer: Promise<{ status: number; json: () => Record<string, unknown> }>,
      status: number,
      code: string,
    ) => {
      const a = await answer;
      expect(a.status, code).toBe(status);
      expect(a.json(), code).toEqual({ code, message: expect.any(String) });
    };
    await expectCode(postSigned(url, '{"event":'), 400, 'invalid_json');
    await expectCode(postSigned(url, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400, 'invalid_json');
    await expectCode(postSigned(url, '[1,2,3]'), 400, 'invalid_envelope');
    await expectCode(
      postSigned(url, '{"event":"meeting.started","event_ts":"yesterday","payload":{}}'),
      400,
      'invalid_envelope',
    );
    await expectCode(
      postSigned(url, '{"event":"meeting.*","event_ts":1,"payload":{}}'),
      400,
      'invalid_event_name',
    );
    await expectCode(
      postSigned(url, '{"event":"Meeting Started","event_ts":1,"payload":{}}'),
      400,
      'invalid_event_name',
    );
    await expectCode(
      postSigned(url, webhookBody('meeting.started', { pad: 'x'.repeat(4096) })),
      413,
      'body_too_large',
    );
    const body = webhookBody();
    const ts = String(Math.floor(Date.now() / 1000));
    const signed = { 'x-zm-signature': sign(SECRET, ts, body), 'x-zm-request-timestamp': ts };
    await expectCode(
      request(url, { body, headers: { ...signed, 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    );
    await expectCode(
      request(url, { body, headers: { ...signed, 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      'unsupported_media_type',
    );
    await expectCode(request(url, { headers: signed }), 415, 'unsupported_media_type');
    await expectCode(
      request(url, { path: '/nope', body, headers: { 'content-type': 'application/json' } }),
      404,
      'not_found',
    );
    await expectCode(request(url, { method: 'GET' }), 404, 'not_found');
    expect(await storedWebhooks(nats)).toEqual([]);

    const metrics = (await request(url, { method: 'GET', path: '/metrics' })).text;
    expect(metrics).toMatch(/webhook_requests_total\{outcome="bad_request"[^}]*\} 6/);
    expect(metrics).toMatch(/webhook_requests_total\{outcome="too_large"[^}]*\} 1/);
    expect(metrics).toMatch(/webhook_requests_total\{outcome="unsupported_media_type"[^}]*\} 3/);
    expect(metrics).toMatch(/webhook_requests_total\{outcome="not_found"[^}]*\} 2/);
  });

  natsTest(
    'intake - a client that stops sending mid-body gets 408 within the request timeout',
    async ({ nats }) => {
      const gateway = await startGateway(nats, { WEBHOOK_REQUEST_TIMEOUT_MS: '300' });
      const { port } = new URL(gateway.url);
      const socket = net.connect(Number(port), '127.0.0.1');
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => {
        received += d;
      });
      const closed = new Promise((resolve) => socket.on('close', resolve));
      socket.write(
        'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ev',
      );
      await closed;
      expect(received).toMatch(/^HTTP\/1\.1 408/);
      expect(received).toContain('"code":"request_timeout"');
      await waitFor(() => gateway?.logs.some((l) => l.code === 'request_timeout'), {
        what: 'timeout log line',
      });
    },
  );

  natsTest('intake - /healthz, /readyz and /metrics', async ({ nats }) => {
    const gateway = await startGateway(nats);
    expect((await request(gateway.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
    const ready = await request(gateway.url, { method: 'GET', path: '/readyz' });
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({
      ready: true,
      checks: { nats: { ok: true }, streams: { ok: true } },
    });
    await postSigned(gateway.url, webhookBody());
    const metrics = (await request(gateway.url, { method: 'GET', path: '/metrics' })).text;
    for (const name of [
      'webhook_requests_total{outcome="stored"',
      'webhook_publish_duration_seconds_bucket',
      'webhook_duplicates_total',
      'webhook_verify_failures_total{reason="signature_mismatch"',
      'webhook_request_duration_seconds_bucket',
    ])
      expect(metrics).toContain(name);

    // Without the stream the gateway is not ready.
    const { url } = gateway;
    await nats.jsm.streams.delete(Streams.webhooks);
    await waitFor(async () => (await request(url, { method: 'GET', path: '/readyz' })).status === 503, {
      timeoutMs: 10_000,
      what: '/readyz to report the missing stream',
    });
  });
});
