import { type RtmsEvent, Streams, Subjects } from '@rtms/contracts';
import { waitFor } from '@rtms/testkit';
import type { PeerVariants } from '@rtms/zoom-sim';
import { describe, expect } from 'vitest';
import { connectorTest, lifecycleOf, readStored } from './helpers/harness.js';
import {
  expectNoReconnectAfterStop,
  liveForTwoKeepAlives,
  stopCleanly,
  stoppedAndReleased,
  withPeerRun,
} from './helpers/peer-run.js';
import { scrapeMetric } from './helpers/replica.js';

// The built connector (dist/main.js) against a simulator that bends Zoom's protocol the ways Zoom's own
// public tooling does (docs/stream-connector.md, "Tolerated peers"). Each run lasts at least two keep-alive
// periods; afterwards every frame the server sent is published once, msg 7 went out once per media
// handshake, no socket was closed before the stop, and nothing reconnects after it.

describe('stream-connector - tolerated peers', () => {
  connectorTest(
    'peers - media handshake answered by data (no msg 4): implicit handshake, one ACK each, connected at once',
    async ({ startStack, nats }) => {
      const stack = await startStack({ sim: { peer: { mediaHandshakeAnswer: false } } });
      await withPeerRun(stack, nats, {}, async (run) => {
        await liveForTwoKeepAlives(stack, nats, run.streamId);
        expect(await scrapeMetric(run.replica, 'rtms_connector_implicit_media_handshakes_total')).toBe(2);
        expect(await scrapeMetric(run.replica, 'rtms_connector_handshake_failures_total')).toBe(0);
        await stopCleanly(stack, nats, run, 1);
        await expectNoReconnectAfterStop(stack, nats, run.streamId);
      });
    },
  );

  for (const keepAliveShape of ['no-timestamp', 'string-timestamp', 'extra-fields'] as const) {
    connectorTest(
      `peers - keep-alive ${keepAliveShape}: every one answered, no socket lost`,
      async ({ startStack, nats }) => {
        const stack = await startStack({ sim: { peer: { keepAliveShape } } });
        await withPeerRun(stack, nats, {}, async (run) => {
          await liveForTwoKeepAlives(stack, nats, run.streamId);
          // Three unanswered would have cut a socket off; four periods on every socket show none was.
          await waitFor(() => (stack.sim.stream(run.streamId)?.stats.keepAlivesAnswered ?? 0) >= 12);
          await stopCleanly(stack, nats, run, 1);
          await expectNoReconnectAfterStop(stack, nats, run.streamId);
        });
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
        await withPeerRun(stack, nats, {}, async (run) => {
          await liveForTwoKeepAlives(stack, nats, run.streamId);
          await stopCleanly(stack, nats, run, 1);
          const meeting = stack.sim.meetings().find((m) => m.streamIds.includes(run.streamId));
          stack.sim.sendWebhook('meeting.rtms_stopped', {
            meeting_uuid: meeting?.uuid,
            rtms_stream_id: run.streamId,
            stop_reason: 1,
          });
          const stoppedWebhooks = () =>
            scrapeMetric(run.replica, 'rtms_connector_webhooks_total', { event: 'meeting.rtms_stopped' });
          await waitFor(async () => (await stoppedWebhooks()) >= 1);
          await expectNoReconnectAfterStop(stack, nats, run.streamId);
          const states = (await lifecycleOf(nats, run.streamId)).map((l) => l.state);
          expect(states).toEqual(['connecting', 'connected', 'stopped']);
        });
      },
    );
  }

  connectorTest(
    'peers - state updates with variant field names: session id and stop reason read, unknown fields kept',
    async ({ startStack, nats }) => {
      const stack = await startStack({ sim: { peer: { stateFields: 'variant' } } });
      await withPeerRun(stack, nats, {}, async (run) => {
        await liveForTwoKeepAlives(stack, nats, run.streamId);
        await stopCleanly(stack, nats, run, 6);
        const events = await readStored<RtmsEvent>(nats, Streams.events, Subjects.event(run.streamId));
        const sessions = events.filter((e) => e.kind === 'session_state');
        expect(sessions.map((e) => e.state)).toEqual([2, 5]);
        for (const e of sessions) {
          expect(e.sessionId).toMatch(/^[0-9a-f]{32}$/);
          expect(e.extra).toEqual({ server_note: 'variant' });
        }
        expect(sessions[1]?.stopReason).toBe(6);
        const terminated = events.find((e) => e.kind === 'stream_state' && e.state === 4);
        expect(terminated).toMatchObject({ stopReason: 6, extra: { server_note: 'variant' } });
        await expectNoReconnectAfterStop(stack, nats, run.streamId);
      });
    },
  );

  connectorTest(
    'peers - every media socket closed right after its handshake: bounded retries, then given up and released',
    async ({ startStack, nats }) => {
      const stack = await startStack({ sim: { peer: { closeMediaAfterHandshake: true } } });
      const env = { RTMS_MEDIA_MAX_ATTEMPTS: '2', RTMS_MAX_RECONNECT_ATTEMPTS: '3' };
      await withPeerRun(stack, nats, env, async (run) => {
        const lifecycle = await stoppedAndReleased(nats, run.streamId);
        expect(lifecycle.at(-1)).toMatchObject({ state: 'stopped', reason: 'reconnect_failed' });
        const mediaFailed = { cause: 'media_failed' };
        expect(await scrapeMetric(run.replica, 'rtms_connector_reconnects_total', mediaFailed)).toBe(2);
        const after = stack.sim.stream(run.streamId)?.stats;
        // Three chains (one signaling handshake each), in each a media socket failed twice on its own first.
        expect(after?.signalingHandshakes).toBe(3);
        expect(after?.mediaHandshakes).toBeGreaterThanOrEqual(6);
        expect(after?.readyAcks).toBeLessThanOrEqual(after?.mediaHandshakes ?? 0);
        // A second stream meets the same fate; meanwhile the first is left alone.
        const second = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 }).streamIds[0] ?? '';
        await stoppedAndReleased(nats, second);
        expect(stack.sim.stream(run.streamId)?.stats).toEqual(after);
      });
    },
  );
});
