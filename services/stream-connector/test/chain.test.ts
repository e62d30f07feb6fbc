import { ChatMessage, MediaHeaders, RtmsEvent, Streams, Subjects, TranscriptSegment } from '@rtms/contracts';
import { collectMessages, type NatsContext, waitFor } from '@rtms/testkit';
import { EventType } from '@rtms/zoom-protocol';
import { describe, expect } from 'vitest';
import {
  connectorTest,
  lifecycleOf,
  metricValue,
  readStored,
  type Stack,
  waitForLive,
  waitForTranscripts,
} from './helpers/harness.js';

describe('stream-connector - the chain against the simulator', () => {
  connectorTest(
    'chain - transcript end to end: handshakes, ready ack, events, keep-alives, stored segments',
    async ({ nats, startStack }) => {
      const stack = await startStack();
      const app = await stack.startApp();
      const meeting = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 });
      const streamId = meeting.streamIds[0] ?? '';
      const live = await waitForLive(stack.sim, streamId);
      expect(live.mediaSockets).toEqual([{ kinds: ['transcript'], ready: true, all: false }]);
      expect([...live.subscribedEvents].sort()).toEqual([
        EventType.ACTIVE_SPEAKER_CHANGE,
        EventType.PARTICIPANT_JOIN,
        EventType.PARTICIPANT_LEAVE,
        EventType.SHARING_START,
        EventType.SHARING_STOP,
      ]);

      const segments = await waitForTranscripts(nats, streamId, 3);
      for (const s of segments) expect(TranscriptSegment.parse(s)).toEqual(s);
      expect(segments[0]).toMatchObject({ streamId, meetingUuid: meeting.uuid, userName: 'Alice Example' });
      expect(new Set(segments.map((s) => s.segmentId)).size).toBe(segments.length);

      // Keep-alives answered on both sockets: the simulator would have cut a socket off after 3 misses.
      await waitFor(
        async () =>
          (await metricValue(app, 'rtms_connector_keepalives_answered_total', { socket: 'media' })) >= 3,
      );
      expect(
        await metricValue(app, 'rtms_connector_keepalives_answered_total', { socket: 'signaling' }),
      ).toBeGreaterThanOrEqual(3);
      expect(stack.sim.stream(streamId)?.state).toBe('active');
      expect(stack.sim.protocolErrors).toEqual([]);
      expect(app.ownedStreams()).toEqual([streamId]);

      expect(await metricValue(app, 'rtms_connector_reconnects_total')).toBe(0);
      expect((await app.http.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      expect((await app.http.inject({ method: 'GET', url: '/streams' })).json()).toEqual({
        replicaId: app.replicaId,
        owned: [streamId],
      });
      const metrics = (await app.http.inject({ method: 'GET', url: '/metrics' })).body;
      for (const pattern of [
        /^rtms_connector_streams_owned\{[^}]*\} 1$/m,
        /^rtms_connector_messages_total\{[^}]*type="transcript"[^}]*\} [1-9]/m,
        /^rtms_connector_publish_latency_seconds_bucket\{[^}]*transport="jetstream"/m,
        /^rtms_connector_keepalives_answered_total\{[^}]*socket="media"[^}]*\} [1-9]/m,
        /^# TYPE rtms_connector_malformed_frames_total counter$/m,
        /^# TYPE rtms_connector_reconnects_total counter$/m,
      ]) {
        expect(metrics).toMatch(pattern);
      }

      const lifecycle = await lifecycleOf(nats, streamId);
      expect(lifecycle.map((l) => l.state)).toEqual(['connecting', 'connected']);
      expect(lifecycle[1]?.owner).toBe(app.replicaId);
    },
  );
});

const ALL_MEDIA = { audio: true, video: true, deskshare: true, transcript: true, chat: true };
const EARLY_CHAT = [{ atMs: 300, speaker: 1, text: 'Slides are in the shared folder.' }];

async function expectEveryMediaType(nats: NatsContext, streamId: string) {
  const audio = collectMessages(nats.nc, Subjects.audio(streamId));
  const video = collectMessages(nats.nc, Subjects.video(streamId));
  const share = collectMessages(nats.nc, Subjects.share(streamId));
  try {
    const [a] = await audio.until(5);
    expect(a?.data.length).toBe(640); // 20 ms of 16 kHz mono L16: raw bytes, not base64
    expect(a?.headers?.get(MediaHeaders.format)).toBe('audio/L16;rate=16000;channels=1');
    expect(a?.headers?.get(MediaHeaders.userId)).toBe('0');
    expect(Number(a?.headers?.get(MediaHeaders.timestamp))).toBeGreaterThan(1_600_000_000_000);
    const [v] = await video.until(1);
    expect([...(v?.data.subarray(0, 2) ?? [])]).toEqual([0xff, 0xd8]); // a JPEG
    expect(v?.headers?.get(MediaHeaders.format)).toBe('image/jpeg');
    expect(v?.headers?.get(MediaHeaders.userName)).toMatch(/Example/);
    const [s] = await share.until(1);
    expect([...(s?.data.subarray(0, 2) ?? [])]).toEqual([0xff, 0xd8]);
  } finally {
    audio.stop();
    video.stop();
    share.stop();
  }
  await waitForTranscripts(nats, streamId, 1);
  const chat = await waitFor(async () => {
    const c = await readStored<ChatMessage>(nats, Streams.chat, Subjects.chat(streamId));
    return c.length > 0 && c;
  });
  expect(ChatMessage.parse(chat[0])).toMatchObject({
    text: 'Slides are in the shared folder.',
    userName: 'Bob Example',
  });
  const events = await waitFor(async () => {
    const e = await readStored<RtmsEvent>(nats, Streams.events, Subjects.event(streamId));
    const kinds = new Set(e.map((x) => x.kind));
    return (
      ['first_packet', 'participant_join', 'sharing_start', 'session_state'].every((k) =>
        kinds.has(k as never),
      ) && e
    );
  });
  for (const e of events) expect(RtmsEvent.parse(e)).toEqual(e);
}

/** A connector and a meeting producing every media type (share on, chat early), live with `sockets`. */
async function allMediaStream(stack: Stack, sockets: number) {
  await stack.startApp();
  const meeting = stack.sim.startMeeting({
    autoRtms: true,
    media: ALL_MEDIA,
    chat: EARLY_CHAT,
    msPerWord: 60,
  });
  const streamId = meeting.streamIds[0] ?? '';
  return { stack, streamId, live: await waitForLive(stack.sim, streamId, sockets) };
}

describe('stream-connector - every media type', () => {
  connectorTest(
    'media - split sockets: audio, video, share on core NATS; transcript, chat, events stored',
    async ({ nats, startStack }) => {
      const { stack, streamId, live } = await allMediaStream(
        await startStack({ env: { RTMS_MEDIA_TYPES: 'all' } }),
        5,
      );
      expect(live.mediaSockets.flatMap((m) => m.kinds).sort()).toEqual([
        'audio',
        'chat',
        'deskshare',
        'transcript',
        'video',
      ]);
      await expectEveryMediaType(nats, streamId);
      // One CLIENT_READY_ACK per media handshake (docs/rtms-protocol.md §3.5): the simulator logs any ACK it did
      // not expect, and none is logged.
      expect(stack.sim.protocolErrors).toEqual([]);
    },
  );

  connectorTest(
    'media - one socket on the `all` URL (media_type 32) carries every type',
    async ({ nats, startStack }) => {
      const { streamId, live } = await allMediaStream(
        await startStack({ env: { RTMS_MEDIA_TYPES: 'all', RTMS_MEDIA_SOCKETS: 'single' } }),
        1,
      );
      expect(live.mediaSockets[0]).toMatchObject({ all: true, ready: true });
      await expectEveryMediaType(nats, streamId);
    },
  );
});

describe('stream-connector - other products', () => {
  for (const product of ['webinar', 'session'] as const) {
    connectorTest(
      `products - a ${product} stream (webhook ${product}.rtms_started) runs the same chain`,
      async ({ nats, startStack }) => {
        const stack = await startStack();
        await stack.startApp();
        const meeting = stack.sim.startMeeting({ product, autoRtms: true, msPerWord: 60 });
        const streamId = meeting.streamIds[0] ?? '';
        await waitForLive(stack.sim, streamId);
        const [segment] = await waitForTranscripts(nats, streamId, 1);
        expect(segment?.meetingUuid).toBe(meeting.uuid);
        expect(stack.sim.webhooks.some((w) => w.event === `${product}.rtms_started`)).toBe(true);
      },
    );
  }
});
