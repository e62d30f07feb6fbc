import { Streams } from '@rtms/contracts';
import { isolatedNatsTest, natsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { MIN_DUPLICATE_WINDOW_MS } from '../src/index.js';
import { postSigned, request, startGateway, storedWebhooks, testClock, webhookBody } from './helpers.js';

const MINUTE = 60_000;

describe('webhook-gateway - dedupe', () => {
  natsTest('dedupe - the webhook stream keeps ids long enough for Zoom resends', async ({ nats }) => {
    const gateway = await startGateway(nats);
    const info = await nats.jsm.streams.info(Streams.webhooks);
    // Zoom resends at +5, +20 and +60 min (85 min in all); the window is server-side, so it survives a
    // gateway restart and is shared by every replica.
    expect(info.config.duplicate_window / 1e6).toBeGreaterThanOrEqual(MIN_DUPLICATE_WINDOW_MS);
    expect(MIN_DUPLICATE_WINDOW_MS).toBeGreaterThan(85 * MINUTE);
    expect(gateway.logs.some((l) => l.msg === 'webhook dedupe window')).toBe(true);
  });

  natsTest(
    'dedupe - a resend hours later in simulated time, across a gateway restart, is stored once',
    async ({ nats }) => {
      const clock = testClock();
      let gateway = await startGateway(nats, {}, { clock });
      const body = webhookBody('meeting.rtms_started');
      const first = await postSigned(gateway.url, body, { clock });
      expect(first.json()).toEqual({ status: 'stored' });

      // Zoom's resend schedule; each resend carries a fresh timestamp, signature and request id, same body.
      // The gateway restarts in between: nothing it holds in memory matters for dedupe.
      for (const afterMinutes of [5, 20, 60]) {
        clock.advance(afterMinutes * MINUTE);
        await gateway.close();
        gateway = await startGateway(nats, {}, { clock });
        const resend = await postSigned(gateway.url, body, { clock });
        expect(resend.status, `resend after +${afterMinutes} min`).toBe(200);
        expect(resend.json()).toEqual({ status: 'duplicate' });
      }
      const stored = await storedWebhooks(nats);
      expect(stored.map((m) => m.body)).toEqual([body]);
      const metrics = (await request(gateway.url, { method: 'GET', path: '/metrics' })).text;
      expect(metrics).toMatch(/webhook_duplicates_total\{[^}]*\} 1/);
      expect(metrics).toMatch(/webhook_requests_total\{outcome="duplicate"[^}]*\} 1/);
      expect(gateway.logs.find((l) => l.outcome === 'duplicate')).toMatchObject({ status: 200, seq: 1 });
    },
  );

  natsTest(
    'dedupe - a failover rtms_started for the same stream with a new event_ts is stored',
    async ({ nats }) => {
      const gateway = await startGateway(nats);
      const payload = {
        meeting_uuid: '4444AAAiAAAAAiAiAiiAii==',
        operator_id: '30R7kT7bTIKSNUFEuH_Qlg',
        rtms_stream_id: '609340fb2a7946909659956c8aa9250c',
      };
      const started = (eventTs: number, serverUrls: string) =>
        JSON.stringify({
          event: 'meeting.rtms_started',
          event_ts: eventTs,
          payload: { ...payload, server_urls: serverUrls },
        });
      const original = started(1_626_230_691_572, 'wss://rtms-a.zoom.us');
      const failover = started(1_626_230_751_572, 'wss://rtms-b.zoom.us');
      expect((await postSigned(gateway.url, original)).json()).toEqual({ status: 'stored' });
      expect((await postSigned(gateway.url, original)).json()).toEqual({ status: 'duplicate' });
      expect((await postSigned(gateway.url, failover)).json()).toEqual({ status: 'stored' });
      // Even the same server URL with a new event_ts is a new signal.
      expect(
        (await postSigned(gateway.url, started(1_626_230_811_572, 'wss://rtms-b.zoom.us'))).json(),
      ).toEqual({
        status: 'stored',
      });
      expect((await storedWebhooks(nats)).map((m) => JSON.parse(m.body).event_ts)).toEqual([
        1_626_230_691_572, 1_626_230_751_572, 1_626_230_811_572,
      ]);
    },
  );

  isolatedNatsTest(
    'dedupe - the window survives a NATS server restart (and a kill -9)',
    async ({ nats, natsServer }) => {
      const gateway = await startGateway(nats);
      const body = webhookBody('meeting.rtms_started');
      expect((await postSigned(gateway.url, body)).json()).toEqual({ status: 'stored' });
      for (const restart of [() => natsServer.stop(), () => natsServer.kill()]) {
        await restart();
        await natsServer.start();
        const { url } = gateway;
        await waitFor(async () => (await request(url, { method: 'GET', path: '/readyz' })).status === 200, {
          timeoutMs: 15_000,
          what: 'gateway ready again',
        });
        expect((await postSigned(url, body)).json()).toEqual({ status: 'duplicate' });
      }
      expect((await storedWebhooks(nats)).map((m) => m.body)).toEqual([body]);
    },
  );
});
