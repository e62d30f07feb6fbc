import { Subjects } from '@rtms/contracts';
import { collectMessages, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import {
  isolatedConnectorTest,
  metricValue,
  transcriptsOf,
  waitForLive,
  waitForTranscripts,
} from './helpers/harness.js';

// NATS goes away for a moment mid-stream. Media is dropped (counted), not buffered without bound; transcripts
// wait in the bounded outbox and are stored once NATS is back, each exactly once; the Zoom side never notices.

describe('stream-connector - NATS outage', () => {
  isolatedConnectorTest(
    'nats outage - media dropped and counted, transcripts queued then stored once, stream kept',
    async ({ startStack, nats, natsServer }) => {
      const stack = await startStack({
        env: { RTMS_MEDIA_TYPES: 'audio,transcript', RTMS_LEASE_TTL_MS: '8000' },
      });
      const app = await stack.startApp();
      const meeting = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 });
      const streamId = meeting.streamIds[0] ?? '';
      await waitForLive(stack.sim, streamId, 2);
      await waitForTranscripts(nats, streamId, 1);

      await natsServer.stop();
      await waitFor(
        async () =>
          (await metricValue(app, 'rtms_connector_publish_dropped_total', { reason: 'nats_disconnected' })) >
          10,
      );
      await waitFor(async () => (await metricValue(app, 'rtms_connector_outbox_pending')) >= 1, {
        timeoutMs: 5000,
      });
      await natsServer.start();

      const audio = collectMessages(nats.nc, Subjects.audio(streamId));
      try {
        await audio.until(5, 15_000);
      } finally {
        audio.stop();
      }
      const before = (await transcriptsOf(nats, streamId)).length;
      const after = await waitForTranscripts(nats, streamId, before + 2);
      expect(new Set(after.map((s) => s.segmentId)).size).toBe(after.length);
      expect(app.ownedStreams()).toEqual([streamId]);
      expect(await metricValue(app, 'rtms_connector_reconnects_total')).toBe(0);
      expect(stack.sim.stream(streamId)?.state).toBe('active');
    },
  );

  isolatedConnectorTest(
    'nats outage - the JetStream queue is bounded: the oldest message is dropped and counted, the stream goes on',
    async ({ startStack, nats, natsServer }) => {
      const stack = await startStack({
        env: {
          RTMS_LEASE_TTL_MS: '15000',
          RTMS_PUBLISH_MAX_PENDING: '1',
          RTMS_PUBLISH_MAX_IN_FLIGHT: '1',
          RTMS_PUBLISH_TIMEOUT_MS: '300',
        },
      });
      const app = await stack.startApp();
      const meeting = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 });
      const streamId = meeting.streamIds[0] ?? '';
      await waitForTranscripts(nats, streamId, 1);

      await natsServer.stop();
      await waitFor(
        async () =>
          (await metricValue(app, 'rtms_connector_publish_dropped_total', { reason: 'queue_full' })) >= 1,
        { timeoutMs: 10_000 },
      );
      expect(await metricValue(app, 'rtms_connector_outbox_pending')).toBeLessThanOrEqual(2);
      await natsServer.start();
      // The test's own connection reconnects too: retry until it reads.
      const { before } = await waitFor(async () => ({
        before: (await transcriptsOf(nats, streamId)).length,
      }));
      const after = await waitForTranscripts(nats, streamId, before + 2);
      expect(new Set(after.map((s) => s.segmentId)).size).toBe(after.length);
      expect(app.ownedStreams()).toEqual([streamId]);
    },
  );
});
