import { Streams, streamSpecs } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { provisionTopology } from '@rtms/nats';
import { natsTest, waitFor } from '@rtms/testkit';
import { SIM_DEFAULT_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '@rtms/zoom-sim';
import { describe, expect, onTestFinished } from 'vitest';
import { startGateway, storedWebhooks } from './helpers.js';

async function startSim(options: Parameters<typeof startZoomSimulator>[0]): Promise<ZoomSimulator> {
  const sim = await startZoomSimulator(options);
  onTestFinished(() => sim.close());
  return sim;
}

const allDelivered = (s: ZoomSimulator, count: number) =>
  s.webhooks.length >= count && s.webhooks.every((d) => d.outcome === 'delivered');

describe('webhook-gateway - against the Zoom simulator', () => {
  natsTest(
    'zoom-sim - url_validation passes and signed webhooks are stored verbatim, once',
    async ({ nats }) => {
      const gateway = await startGateway(nats, {
        ZOOM_WEBHOOK_SECRET_TOKEN: SIM_DEFAULT_CREDENTIALS.webhookSecret,
      });
      const sim = await startSim({
        webhookUrl: `${gateway.url}/webhook`,
        webhookRetryDelaysMs: [50, 100, 200],
        rtmsStartDelayMs: 0,
      });
      expect(await sim.validateWebhookUrl()).toMatchObject({ ok: true, status: 200, reason: 'validated' });

      sim.startMeeting({ autoRtms: true });
      await waitFor(() => allDelivered(sim, 2), {
        what: 'meeting.started and rtms_started',
      });
      const [stream] = sim.streams();
      expect(stream).toBeDefined();

      // A failover rtms_started (new server_urls, new event_ts), delivered twice as Zoom sometimes does.
      sim.duplicateNextWebhooks(1);
      sim.failover(stream?.id as string);
      await waitFor(() => allDelivered(sim, 4), { what: 'failover delivered twice' });

      const sent = sim.webhooks.filter((d) => d.duplicateOf === undefined).map((d) => d.body);
      expect(sim.webhooks.map((d) => d.event)).toEqual([
        'meeting.started',
        'meeting.rtms_started',
        'meeting.rtms_started',
        'meeting.rtms_started',
      ]);
      const stored = await storedWebhooks(nats);
      expect(stored.map((m) => m.body)).toEqual(sent);
      expect(stored.map((m) => m.subject)).toEqual([
        'zoom.webhook.meeting.started',
        'zoom.webhook.meeting.rtms_started',
        'zoom.webhook.meeting.rtms_started',
      ]);
      expect(stored[1]?.headers['X-Zm-Trackingid']).toMatch(/^sim_/);
    },
  );

  natsTest('zoom-sim - a 503 makes Zoom retry, and the retry is stored', async ({ nats }) => {
    const gateway = await startGateway(nats, {
      ZOOM_WEBHOOK_SECRET_TOKEN: SIM_DEFAULT_CREDENTIALS.webhookSecret,
    });
    // No stream: JetStream cannot store, so the gateway answers 503 and Zoom (the simulator) retries.
    await nats.jsm.streams.delete(Streams.webhooks);
    const sim = await startSim({
      webhookUrl: `${gateway.url}/webhook`,
      webhookRetryDelaysMs: [300, 300, 300],
    });
    const delivery = sim.sendWebhook('meeting.rtms_stopped', {
      meeting_uuid: 'u==',
      rtms_stream_id: '609340fb2a7946909659956c8aa9250c',
      stop_reason: 6,
    });
    await waitFor(() => delivery.attempts.length >= 1, { what: 'first attempt' });
    expect(delivery.attempts[0]?.status).toBe(503);

    await provisionTopology(
      nats.nc,
      { streams: streamSpecs().filter((s) => s.name === Streams.webhooks) },
      createLogger({ service: 'test', level: 'silent' }),
    );
    await waitFor(() => delivery.outcome === 'delivered', { what: 'the retry to be stored' });
    expect((await storedWebhooks(nats)).map((m) => m.body)).toEqual([delivery.body]);
  });
});
