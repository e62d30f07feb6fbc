import { waitFor } from '@rtms/testkit';
import type { PeerVariants } from '@rtms/zoom-sim';
import { describe, expect } from 'vitest';
import { connectorTest, lifecycleOf } from './helpers/harness.js';
import {
  expectEverythingOnce,
  expectNoReconnectAfterStop,
  liveForTwoKeepAlives,
  startPeerRun,
  stoppedAndReleased,
} from './helpers/peer-run.js';
import { scrapeMetric } from './helpers/replica.js';

// The built connector (dist/main.js) against a simulator that bends Zoom's protocol the ways Zoom's own
// public tooling does (docs/stream-connector.md, "Tolerated peers"). Each run lasts at least two keep-alive
// periods; afterwards every frame the server sent is published once, msg 7 went out once per media
// handshake, no socket was closed before the stop, and nothing reconnects after it.

const states = (l: { state: string }[]) => l.map((x) => x.state);

describe('stream-connector - tolerated peers', () => {
  connectorTest(
    'peers - media handshake answered by data (no msg 4): implicit handshake, one ACK each, connected at once',
    async ({ startStack, nats }) => {
      const stack = await startStack({ sim: { peer: { mediaHandshakeAnswer: false } } });
      const run = await startPeerRun(stack, nats);
      try {
        await liveForTwoKeepAlives(stack, nats, run.streamId);
        expect(await scrapeMetric(run.replica, 'rtms_connector_implicit_media_handshakes_total')).toBe(2);
        expect(await scrapeMetric(run.replica, 'rtms_connector_handshake_failures_total')).toBe(0);
        stack.sim.stopRtms(run.streamId, 1);
        const lifecycle = await stoppedAndReleased(nats, run.streamId);
        expect(states(lifecycle)).toEqual(['connecting', 'connected', 'stopped']);
        await expectEverythingOnce(stack, nats, run);
        await expectNoReconnectAfterStop(stack, nats, run.streamId);
      } finally {
        await run.replica.stop();
      }
    },
  );

  for (const keepAliveShape of ['no-timestamp', 'string-timestamp', 'extra-fields'] as const) {
    connectorTest(
      `peers - keep-alive ${keepAliveShape}: every one answered, no socket lost`,
      async ({ startStack, nats }) => {
        const stack = await startStack({ sim: { peer: { keepAliveShape } } });
        const run = await startPeerRun(stack, nats);
        try {
          await liveForTwoKeepAlives(stack, nats, run.streamId);
          // Three unanswered would have cut a socket off; four periods on every socket show none was.
          await waitFor(() => (stack.sim.stream(run.streamId)?.stats.keepAlivesAnswered ?? 0) >= 12);
          stack.sim.stopRtms(run.streamId, 1);
          const lifecycle = await stoppedAndReleased(nats, run.streamId);
          expect(states(lifecycle)).toEqual(['connecting', 'connected', 'stopped']);
          await expectEverythingOnce(stack, nats, run);
          await expectNoReconnectAfterStop(stack, nats, run.streamId);
        } finally {
          await run.replica.stop();
        }
      },
    );
  }

  const stopNotices: [string, PeerVariants['stopNotice']][] = [
    ['STREAM_STATE_UPDATE TERMINATED on media sockets only', 'media'],
    ['SESSION_STATE_UPDATE STOPPED on signaling only', 'session'],
  ];
  for (const [what, stopNotice] of stopNotices) {
    connectorTest(
      `peers - stop by ${what}: stopped without the webhook, a later webhook is a no-op`,
      async ({ startStack, nats }) => {
        const stack = await startStack({ sim: { peer: { stopNotice, stopWebhook: false } } });
        const run = await startPeerRun(stack, nats);
        try {
          await liveForTwoKeepAlives(stack, nats, run.streamId);
          stack.sim.stopRtms(run.streamId, 1);
          const lifecycle = await stoppedAndReleased(nats, run.streamId);
          expect(lifecycle.at(-1)).toMatchObject({
            state: 'stopped',
            stopReason: 1,
            reason: 'stream_terminated',
          });
          expect(states(lifecycle)).toEqual(['connecting', 'connected', 'stopped']);
          await expectEverythingOnce(stack, nats, run);
          const meeting = stack.sim.meetings().find((m) => m.streamIds.includes(run.streamId));
          stack.sim.sendWebhook('meeting.rtms_stopped', {
            meeting_uuid: meeting?.uuid,
            rtms_stream_id: run.streamId,
            stop_reason: 1,
          });
          await waitFor(
            async () =>
              (await scrapeMetric(run.replica, 'rtms_connector_webhooks_total', {
                event: 'meeting.rtms_stopped',
              })) >= 1,
          );
          await expectNoReconnectAfterStop(stack, nats, run.streamId);
          expect(states(await lifecycleOf(nats, run.streamId))).toEqual([
            'connecting',
            'connected',
            'stopped',
          ]);
        } finally {
          await run.replica.stop();
        }
      },
    );
  }

  connectorTest(
    'peers - every media socket closed right after its handshake: bounded retries, then given up and released',
    async ({ startStack, nats }) => {
      const stack = await startStack({ sim: { peer: { closeMediaAfterHandshake: true } } });
      const run = await startPeerRun(stack, nats, {
        RTMS_MEDIA_MAX_ATTEMPTS: '2',
        RTMS_MAX_RECONNECT_ATTEMPTS: '3',
      });
      try {
        const lifecycle = await stoppedAndReleased(nats, run.streamId);
        expect(lifecycle.at(-1)).toMatchObject({ state: 'stopped', reason: 'reconnect_failed' });
        expect(
          await scrapeMetric(run.replica, 'rtms_connector_reconnects_total', { cause: 'media_failed' }),
        ).toBe(2);
        const after = stack.sim.stream(run.streamId)?.stats;
        // Three chains (one signaling handshake each), in each a media socket failed twice on its own first.
        expect(after?.signalingHandshakes).toBe(3);
        expect(after?.mediaHandshakes).toBeGreaterThanOrEqual(6);
        expect(after?.readyAcks).toBeLessThanOrEqual(after?.mediaHandshakes ?? 0);
        // A second stream meets the same fate; meanwhile the first is left alone.
        const second = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 }).streamIds[0] ?? '';
        await stoppedAndReleased(nats, second);
        expect(stack.sim.stream(run.streamId)?.stats).toEqual(after);
      } finally {
        await run.replica.stop();
      }
    },
  );
});
