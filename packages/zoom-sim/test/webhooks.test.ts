import { createHmac } from 'node:crypto';
import { waitFor } from '@rtms/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

// Signatures are checked with an HMAC written here, not with @rtms/zoom-protocol.
const hmacHex = (key: string, msg: string) => createHmac('sha256', key).update(msg).digest('hex');

let sim: ZoomSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startZoomSimulator({
    seed: 'webhook-tests',
    webhookUrl: receiver.url,
    webhookRetryDelaysMs: [30, 60, 90],
    webhookTimeoutMs: 300,
  });
});
afterEach(() => {
  receiver.respond = () => ({ status: 200 });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe('webhooks - signing and payloads', () => {
  it('webhooks - signs v0:ts:rawBody with the secret and sends Zoom headers', async () => {
    const before = receiver.received.length;
    const meeting = sim.startMeeting({ autoRtms: true });
    await waitFor(() => receiver.received.length >= before + 2);
    const [started, rtms] = receiver.received.slice(before);
    for (const hook of [started, rtms]) {
      const ts = hook?.headers['x-zm-request-timestamp'] as string;
      expect(ts).toMatch(/^\d{10}$/);
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      expect(hook?.headers['x-zm-signature']).toBe(
        `v0=${hmacHex(sim.credentials.webhookSecret, `v0:${ts}:${hook?.raw}`)}`,
      );
      expect(hook?.headers['user-agent']).toBe('Zoom Marketplace/1.0a');
      expect(hook?.headers['x-zm-request-id']).toBeTruthy();
    }
    expect(started?.body).toMatchObject({
      event: 'meeting.started',
      payload: { object: { id: meeting.id, uuid: meeting.uuid } },
    });
    const payload = rtms?.body.payload ?? {};
    expect(rtms?.body.event).toBe('meeting.rtms_started');
    expect(payload).toMatchObject({ meeting_uuid: meeting.uuid, rtms_stream_id: meeting.streamIds[0] });
    expect(payload.server_urls).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/rtms\/s1\/signaling$/);
    expect(typeof payload.operator_id).toBe('string');
  });

  it('webhooks - webinar and Video SDK session variants', async () => {
    const before = receiver.received.length;
    const webinar = sim.startMeeting({ product: 'webinar', autoRtms: true });
    const session = sim.startMeeting({ product: 'session', autoRtms: true });
    await waitFor(() => receiver.received.length >= before + 4);
    const byEvent = Object.fromEntries(
      receiver.received.slice(before).map((r) => [r.body.event, r.body.payload]),
    );
    expect(byEvent['webinar.started']).toBeDefined();
    expect(byEvent['webinar.rtms_started']).toMatchObject({ webinar_uuid: webinar.uuid });
    expect(byEvent['session.started']).toBeDefined();
    expect(byEvent['session.rtms_started']).toMatchObject({
      session_id: session.uuid,
      session_key: session.sessionKey,
    });
    sim.stopRtms(session.id, 7);
    sim.endMeeting(webinar.id);
    await waitFor(
      () => receiver.events().includes('webinar.ended') && receiver.events().includes('session.rtms_stopped'),
    );
    const stopped = receiver.received.find((r) => r.body.event === 'webinar.rtms_stopped');
    expect(stopped?.body.payload).toMatchObject({ webinar_uuid: webinar.uuid, stop_reason: 6 });
    const sessionStopped = receiver.received.find((r) => r.body.event === 'session.rtms_stopped');
    expect(sessionStopped?.body.payload).toMatchObject({ session_id: session.uuid, stop_reason: 7 });
  });
});

describe('webhooks - delivery', () => {
  it('webhooks - retries after 5xx with the same body and a fresh signature, until 2xx', async () => {
    let calls = 0;
    receiver.respond = (w) =>
      w.body.event === 'custom.retry' && ++calls <= 2 ? { status: 503 } : { status: 200 };
    const delivery = sim.sendWebhook('custom.retry', { n: 1 });
    await waitFor(() => delivery.outcome === 'delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    const hooks = receiver.received.filter((r) => r.body.event === 'custom.retry');
    expect(new Set(hooks.map((h) => h.raw)).size).toBe(1);
    for (const h of hooks) {
      const ts = h.headers['x-zm-request-timestamp'] as string;
      expect(h.headers['x-zm-signature']).toBe(
        `v0=${hmacHex(sim.credentials.webhookSecret, `v0:${ts}:${h.raw}`)}`,
      );
    }
  });

  it('webhooks - does not retry 4xx, and gives up after the last delay', async () => {
    receiver.respond = (w) => (w.body.event === 'custom.4xx' ? { status: 404 } : { status: 500 });
    const notFound = sim.sendWebhook('custom.4xx', {});
    const failing = sim.sendWebhook('custom.5xx', {});
    await waitFor(() => notFound.outcome === 'failed' && failing.outcome === 'failed');
    expect(notFound.attempts).toHaveLength(1);
    expect(failing.attempts).toHaveLength(4);
  });

  it('webhooks - retries a delivery that times out', async () => {
    let calls = 0;
    receiver.respond = (w) =>
      w.body.event === 'custom.slow' && ++calls === 1 ? { status: 0 } : { status: 200 };
    const delivery = sim.sendWebhook('custom.slow', {});
    await waitFor(() => delivery.outcome === 'delivered', { timeoutMs: 5000 });
    expect(delivery.attempts[0]).toMatchObject({ status: undefined, error: 'timeout' });
  });

  it('webhooks - duplicates on demand', async () => {
    sim.duplicateNextWebhooks(1);
    sim.sendWebhook('custom.dup', { x: 1 });
    await waitFor(() => receiver.received.filter((r) => r.body.event === 'custom.dup').length === 2);
    const [a, b] = receiver.received.filter((r) => r.body.event === 'custom.dup');
    expect(a?.raw).toBe(b?.raw);
    expect(a?.headers['x-zm-request-id']).not.toBe(b?.headers['x-zm-request-id']);
  });
});

describe('webhooks - url validation', () => {
  it('webhooks - accepts a correct encryptedToken and rejects a wrong one', async () => {
    const secret = sim.credentials.webhookSecret;
    receiver.respond = (w) => {
      const plainToken = (w.body.payload as { plainToken: string }).plainToken;
      return {
        status: 200,
        body: JSON.stringify({ plainToken, encryptedToken: hmacHex(secret, plainToken) }),
      };
    };
    const good = await sim.validateWebhookUrl();
    expect(good).toMatchObject({ ok: true, status: 200 });
    const challenge = receiver.received.at(-1);
    expect(challenge?.body.event).toBe('endpoint.url_validation');
    receiver.respond = (w) => {
      const plainToken = (w.body.payload as { plainToken: string }).plainToken;
      return {
        status: 200,
        body: JSON.stringify({ plainToken, encryptedToken: hmacHex('wrong', plainToken) }),
      };
    };
    expect(await sim.validateWebhookUrl()).toMatchObject({
      ok: false,
      reason: 'encryptedToken does not match',
    });
    receiver.respond = () => ({ status: 200, body: 'ok' });
    expect((await sim.validateWebhookUrl()).ok).toBe(false);
  });
});
