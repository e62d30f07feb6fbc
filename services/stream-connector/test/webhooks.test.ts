import { Subjects } from '@rtms/contracts';
import { waitFor } from '@rtms/testkit';
import { rtmsSignature, signalingHandshake } from '@rtms/zoom-protocol';
import { describe, expect } from 'vitest';
import WebSocket from 'ws';
import {
  connectorTest,
  lifecycleOf,
  metricValue,
  waitForLive,
  waitForTranscripts,
} from './helpers/harness.js';

// Repeated webhooks never open a second connection; a stream Zoom still sees connected elsewhere is retried.

describe('stream-connector - webhooks', () => {
  connectorTest(
    'webhooks - a repeated rtms_started (same body, or newer with the same URLs) changes nothing',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const app = await stack.startApp();
      const meeting = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 });
      const streamId = meeting.streamIds[0] ?? '';
      await waitForLive(stack.sim, streamId);
      const started = stack.sim.webhooks.find((w) => w.event === 'meeting.rtms_started');
      if (!started) throw new Error('no rtms_started sent');
      // The same body again, as a resend the gateway's dedupe did not catch (e.g. it arrived hours later).
      await nats.js.publish(Subjects.webhook(started.event), started.body, { msgID: 'resend-1' });
      // Zoom's "slow 200 → duplicate rtms_started": a newer event_ts, the same server_urls.
      const body = JSON.parse(started.body) as { event_ts: number };
      body.event_ts += 1000;
      await nats.js.publish(Subjects.webhook(started.event), JSON.stringify(body), { msgID: 'resend-2' });
      await waitFor(
        async () => (await metricValue(app, 'rtms_connector_webhooks_total', { outcome: 'duplicate' })) >= 2,
      );
      await waitForTranscripts(nats, streamId, 2);
      expect((await lifecycleOf(nats, streamId)).map((l) => l.state)).toEqual(['connecting', 'connected']);
      expect(await metricValue(app, 'rtms_connector_reconnects_total')).toBe(0);
      expect(stack.sim.stream(streamId)?.signalingConnected).toBe(true);
    },
  );

  connectorTest(
    'webhooks - "duplicate signal request" is retried with backoff; other streams are not held up',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const [meeting, neighbour] = stack.sim.startMeetings(2, { autoRtms: true, msPerWord: 60 });
      const streamId = meeting?.streamIds[0] ?? '';
      const neighbourId = neighbour?.streamIds[0] ?? '';
      const info = stack.sim.stream(streamId);
      if (!info) throw new Error('no stream');
      // Someone else (an old connection Zoom has not dropped yet) holds the signaling connection.
      const other = new WebSocket(info.serverUrls);
      await new Promise((resolve) => other.once('open', resolve));
      const { clientId, clientSecret } = stack.sim.credentials;
      const signature = rtmsSignature({ clientId, clientSecret, instanceId: info.instanceId, streamId });
      other.send(JSON.stringify(signalingHandshake({ instanceId: info.instanceId, streamId, signature })));
      await waitFor(() => stack.sim.stream(streamId)?.signalingConnected);

      const app = await stack.startApp();
      await waitFor(
        async () =>
          (await metricValue(app, 'rtms_connector_handshake_failures_total', { outcome: 'duplicate' })) >= 2,
      );
      // One stream's failing chain does not touch another's.
      await waitForTranscripts(nats, neighbourId, 2);
      expect((await lifecycleOf(nats, neighbourId)).map((l) => l.state)).toEqual(['connecting', 'connected']);
      other.close();
      await waitForLive(stack.sim, streamId);
      await waitForTranscripts(nats, streamId, 1);
      expect(
        await metricValue(app, 'rtms_connector_reconnects_total', { cause: 'duplicate_signal' }),
      ).toBeGreaterThanOrEqual(2);
      // Still the first connection of the stream for its subscribers.
      expect((await lifecycleOf(nats, streamId)).map((l) => l.state)).toEqual(['connecting', 'connected']);
    },
  );

  connectorTest(
    'webhooks - server_urls with several comma-separated URLs: the WebSocket one is used',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      stack.sim.setWebhookUrl(null);
      const meeting = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 });
      const streamId = meeting.streamIds[0] ?? '';
      const started = stack.sim.webhooks.find((w) => w.event === 'meeting.rtms_started');
      if (!started) throw new Error('no rtms_started sent');
      const body = JSON.parse(started.body) as { payload: { server_urls: string } };
      body.payload.server_urls = `https://rtms.example.invalid/info, ${body.payload.server_urls}`;
      await nats.js.publish(Subjects.webhook(started.event), JSON.stringify(body));
      await stack.startApp();
      await waitForLive(stack.sim, streamId);
      await waitForTranscripts(nats, streamId, 1);
    },
  );
});
