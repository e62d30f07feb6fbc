import { waitFor } from '@rtms/testkit';
import { describeStopReason } from '@rtms/zoom-protocol';
import { describe, expect } from 'vitest';
import {
  connectorTest,
  leaseOwner,
  lifecycleOf,
  metricValue,
  type Stack,
  transcriptsOf,
  waitForLive,
  waitForTranscripts,
} from './helpers/harness.js';

// Zoom's recovery rules (docs/rtms-protocol.md §6) against the simulator's faults. Every case ends with the stream
// live again, transcripts flowing past the fault, and no segment stored twice.

async function liveStream(stack: Stack) {
  const app = await stack.startApp();
  const meeting = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 });
  const streamId = meeting.streamIds[0] ?? '';
  await waitForLive(stack.sim, streamId);
  await waitForTranscripts(stack.nats, streamId, 1);
  return { app, meeting, streamId };
}

/** Transcripts keep coming after a fault, each segment once. */
async function expectTranscriptsContinue(stack: Stack, streamId: string) {
  const before = (await transcriptsOf(stack.nats, streamId)).length;
  const after = await waitForTranscripts(stack.nats, streamId, before + 2);
  expect(new Set(after.map((s) => s.segmentId)).size).toBe(after.length);
}

const reconnects = (app: Parameters<typeof metricValue>[0], cause: string) =>
  metricValue(app, 'rtms_connector_reconnects_total', { cause });

describe('stream-connector - recovery', () => {
  connectorTest(
    'recovery - media-only interruption (EVENT_UPDATE 7): only the media socket reconnects',
    async ({ startStack }) => {
      const stack = await startStack();
      const { app, streamId } = await liveStream(stack);
      stack.sim.interruptMedia(streamId);
      await waitFor(
        async () =>
          (await reconnects(app, 'media_interrupted')) + (await reconnects(app, 'media_closed')) >= 1,
      );
      await waitForLive(stack.sim, streamId);
      await expectTranscriptsContinue(stack, streamId);
      for (const cause of ['signaling_closed', 'rtms_interrupted', 'failover', 'connect_failed']) {
        expect(await reconnects(app, cause), cause).toBe(0);
      }
      const states = (await lifecycleOf(stack.nats, streamId)).map((l) => `${l.state}:${l.reason ?? ''}`);
      expect(states).toContain('reconnected:media:transcript');
      expect(states.filter((s) => s.startsWith('reconnecting'))).toEqual([]);
    },
  );

  connectorTest(
    'recovery - signaling interruption (rtms_interrupted): signaling and media reconnect',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const { app, streamId } = await liveStream(stack);
      stack.sim.interruptSignaling(streamId);
      await waitFor(async () => (await reconnects(app, 'signaling_closed')) >= 1);
      await waitForLive(stack.sim, streamId);
      await expectTranscriptsContinue(stack, streamId);
      const lifecycle = await lifecycleOf(nats, streamId);
      expect(lifecycle.map((l) => l.state)).toEqual([
        'connecting',
        'connected',
        'interrupted',
        'reconnected',
      ]);
      expect(stack.sim.stream(streamId)?.state).toBe('active');
    },
  );

  connectorTest(
    'recovery - rtms_interrupted with healthy-looking sockets still redoes the chain',
    async ({ startStack }) => {
      const stack = await startStack();
      const { app, meeting, streamId } = await liveStream(stack);
      // Zoom's view: our signaling is gone (e.g. a half-open connection we cannot see).
      stack.sim.sendWebhook('meeting.rtms_interrupted', {
        meeting_uuid: meeting.uuid,
        rtms_stream_id: streamId,
      });
      await waitFor(async () => (await reconnects(app, 'rtms_interrupted')) >= 1);
      await waitForLive(stack.sim, streamId);
      await expectTranscriptsContinue(stack, streamId);
    },
  );

  connectorTest(
    'recovery - server failover (rtms_started again, new server_urls): full reconnect to the new URL',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const { app, streamId } = await liveStream(stack);
      stack.sim.failover(streamId);
      await waitFor(async () => (await reconnects(app, 'failover')) >= 1);
      const live = await waitForLive(stack.sim, streamId);
      expect(live.serverId).toBe(2);
      await expectTranscriptsContinue(stack, streamId);
      const last = (await lifecycleOf(nats, streamId)).at(-1);
      expect(last?.state).toBe('reconnected');
    },
  );

  connectorTest(
    'recovery - keep-alive timeout on media: that socket is reconnected',
    async ({ startStack }) => {
      const stack = await startStack();
      const { app, streamId } = await liveStream(stack);
      stack.sim.keepAliveTimeout(streamId, 'media');
      await waitFor(
        async () =>
          (await reconnects(app, 'media_interrupted')) + (await reconnects(app, 'media_closed')) >= 1,
      );
      await waitForLive(stack.sim, streamId);
      await expectTranscriptsContinue(stack, streamId);
      expect(await reconnects(app, 'signaling_closed')).toBe(0);
    },
  );

  connectorTest(
    'recovery - a silent server (no keep-alives) is detected and the chain redone',
    async ({ startStack }) => {
      const stack = await startStack();
      const { app, streamId } = await liveStream(stack);
      stack.sim.freeze(streamId, true);
      await waitFor(async () => (await reconnects(app, 'signaling_silent')) >= 1, { timeoutMs: 5000 });
      stack.sim.freeze(streamId, false);
      await waitForLive(stack.sim, streamId);
      await expectTranscriptsContinue(stack, streamId);
    },
  );
});

describe('stream-connector - stopping', () => {
  for (const stopReason of [1, 13, 24]) {
    connectorTest(
      `stop - rtms_stopped with stop_reason ${stopReason}: reported, everything closed, lease released`,
      async ({ startStack, nats }) => {
        const stack = await startStack();
        const { app, streamId } = await liveStream(stack);
        stack.sim.stopRtms(streamId, stopReason);
        const stopped = await waitFor(async () =>
          (await lifecycleOf(nats, streamId)).find((l) => l.state === 'stopped'),
        );
        expect(stopped).toMatchObject({
          stopReason,
          stopReasonText: describeStopReason(stopReason).text,
          reason: stopReason === 1 ? 'stream_terminated' : 'restart_required',
        });
        await waitFor(() => app.ownedStreams().length === 0);
        await waitFor(async () => (await leaseOwner(nats, streamId)) === undefined);
        expect(await reconnects(app, 'connect_failed')).toBe(0);
        expect(stack.sim.stream(streamId)?.signalingConnected).toBe(false);
      },
    );
  }

  connectorTest(
    'stop - meeting.ended closes the meeting’s streams whichever way it arrives',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const { app, meeting, streamId } = await liveStream(stack);
      // meeting.ended alone (no rtms_stopped, no state update) is enough.
      stack.sim.sendWebhook('meeting.ended', {
        account_id: 'a',
        object: { id: meeting.id, uuid: meeting.uuid },
      });
      const stopped = await waitFor(async () =>
        (await lifecycleOf(nats, streamId)).find((l) => l.state === 'stopped'),
      );
      expect(stopped).toMatchObject({
        stopReason: 6,
        stopReasonText: 'MEETING_ENDED (6): the meeting ended',
        reason: 'rtms_stopped',
      });
      await waitFor(() => app.ownedStreams().length === 0);
      await waitFor(() => stack.sim.stream(streamId)?.signalingConnected === false);
    },
  );
});
