import { waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import { type Msg, runSession } from './helpers/rtms-client.js';
import { liveStream } from './helpers/sim.js';

let sim: ZoomSimulator;
const b64len = (m: Msg) => Buffer.from(m.content.data, 'base64').length;

beforeAll(async () => {
  sim = await startZoomSimulator({ seed: 'flow-tests', webhookUrl: null, keepAliveIntervalMs: 200 });
});
afterAll(async () => {
  await sim.close();
});

const everything = {
  media: { audio: true, video: true, deskshare: true, transcript: true, chat: true },
  chat: [{ atMs: 100, speaker: 1, text: 'hello from chat' }],
};

function checkAudio(frames: Msg[]) {
  const audio = frames.filter((m) => m.msg_type === 14);
  expect(audio.length).toBeGreaterThan(0);
  const first = audio[0] as Msg;
  expect(first.content).toMatchObject({ user_id: 0, length: 640 });
  expect(first.content.user_name).toBeUndefined();
  expect(b64len(first)).toBe(640); // 20 ms of L16 16 kHz mono
  for (let i = 1; i < audio.length; i++) {
    expect(audio[i]?.content.timestamp - audio[i - 1]?.content.timestamp).toBe(20);
  }
}

function checkImage(frames: Msg[], msgType: number) {
  const frame = frames.find((m) => m.msg_type === msgType) as Msg;
  const jpg = Buffer.from(frame.content.data, 'base64');
  expect(jpg.subarray(0, 2).toString('hex')).toBe('ffd8');
  expect(jpg.subarray(-2).toString('hex')).toBe('ffd9');
  expect(frame.content.length).toBe(jpg.length);
  expect(typeof frame.content.user_id).toBe('number');
  expect(typeof frame.content.user_name).toBe('string');
}

describe('rtms - the whole chain', () => {
  it('rtms - split sockets: one per media type', async () => {
    const { payload, meeting } = await liveStream(sim, everything);
    const creds = sim.credentials;
    const session = await runSession(
      payload,
      creds,
      [
        { key: 'audio', media_type: 1 },
        { key: 'video', media_type: 2 },
        { key: 'sharescreen', media_type: 4 },
        { key: 'transcript', media_type: 8 },
        { key: 'chat', media_type: 16 },
      ],
      { subscribe: [2, 3, 5] },
    );
    try {
      expect(session.handshake).toMatchObject({ msg_type: 2, status_code: 0, protocol_version: 1 });
      expect(Object.keys(session.handshake.media_server.server_urls).sort()).toEqual(
        ['all', 'audio', 'chat', 'sharescreen', 'transcript', 'video'].sort(),
      );
      expect(session.mediaResponses.get('audio')).toMatchObject({
        msg_type: 4,
        status_code: 0,
        media_params: {
          audio: { content_type: 2, sample_rate: 1, channel: 1, codec: 1, data_opt: 1, send_rate: 20 },
        },
      });
      const get = (k: string) => session.media.get(k)?.frames ?? [];
      await waitFor(() => get('transcript').filter((m) => m.msg_type === 17).length >= 2, {
        timeoutMs: 8000,
      });
      await waitFor(
        () => get('chat').some((m) => m.msg_type === 18) && get('sharescreen').some((m) => m.msg_type === 16),
      );
      checkAudio(get('audio'));
      checkImage(get('video'), 15);
      checkImage(get('sharescreen'), 16);
      const [partial, final] = get('transcript').filter((m) => m.msg_type === 17);
      expect(partial?.content).toMatchObject({
        attribute: 1,
        language: 9,
        user_name: meeting.speakers[0]?.userName,
      });
      expect(final?.content).toMatchObject({ attribute: 2, start_time: partial?.content.start_time });
      expect(final?.content.data.startsWith(partial?.content.data)).toBe(true);
      expect(final?.content.end_time).toBeGreaterThan(final?.content.start_time);
      expect(get('chat').find((m) => m.msg_type === 18)?.content).toMatchObject({ data: 'hello from chat' });
      // Each media socket carries only its own type.
      expect(
        new Set(
          get('audio')
            .filter((m) => m.msg_type >= 14)
            .map((m) => m.msg_type),
        ),
      ).toEqual(new Set([14]));
      const events = session.signaling.frames.filter((m) => m.msg_type === 6).map((m) => m.event.event_type);
      expect(events).toContain(1);
      expect(events).toContain(3);
      expect(events).toContain(5);
      await session.signaling.next(
        (m) => m.msg_type === 6 && m.event.event_type === 2,
        'active speaker change',
      );
      expect(session.signaling.frames.find((m) => m.msg_type === 9)).toMatchObject({ state: 2 });
    } finally {
      session.close();
    }
  });

  it('rtms - a single `all` socket gets every type and the effective params of each', async () => {
    const { payload } = await liveStream(sim, everything);
    const session = await runSession(payload, sim.credentials, [
      {
        key: 'all',
        media_type: 32,
        media_params: { audio: { send_rate: 100, data_opt: 2 }, video: { fps: 2 } },
      },
    ]);
    try {
      const resp = session.mediaResponses.get('all') as Msg;
      expect(Object.keys(resp.media_params).sort()).toEqual([
        'audio',
        'chat',
        'deskshare',
        'transcript',
        'video',
      ]);
      expect(resp.media_params.audio).toMatchObject({ send_rate: 100, data_opt: 2 });
      expect(resp.media_params.video).toMatchObject({ fps: 2, codec: 5, content_type: 3 });
      expect(resp.payload_encrypted).toBe(false);
      const frames = (session.media.get('all') as { frames: Msg[] }).frames;
      await waitFor(() => [14, 15, 16, 17, 18].every((t) => frames.some((m) => m.msg_type === t)), {
        timeoutMs: 8000,
      });
      const audio = frames.filter((m) => m.msg_type === 14);
      // Per-speaker audio: user ids and names, 100 ms per message.
      expect(audio[0]?.content.user_id).not.toBe(0);
      expect(typeof audio[0]?.content.user_name).toBe('string');
      expect(b64len(audio[0] as Msg)).toBe(3200);
    } finally {
      session.close();
    }
  });

  it('rtms - the seed flow: minimal handshakes, transcript only, keep-alives echoed', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, [{ key: 'transcript', media_type: 8 }], {
      minimal: true,
    });
    try {
      const media = session.media.get('transcript') as { frames: Msg[] };
      await waitFor(() => media.frames.some((m) => m.msg_type === 17), { timeoutMs: 8000 });
      await waitFor(() => media.frames.some((m) => m.msg_type === 12));
      expect(media.frames.every((m) => [4, 12, 17].includes(m.msg_type))).toBe(true);
      // Several keep-alive rounds pass and the stream stays up because they are answered.
      const pings = () => media.frames.filter((m) => m.msg_type === 12).length;
      await waitFor(() => pings() >= 5, { timeoutMs: 5000 });
      expect(sim.stream(streamId)?.state).toBe('active');
      expect(sim.stream(streamId)?.mediaSockets).toHaveLength(1);
    } finally {
      session.close();
    }
  });

  it('rtms - webinar and Video SDK streams connect the same way', async () => {
    for (const product of ['webinar', 'session'] as const) {
      const { payload } = await liveStream(sim, { product });
      expect(payload.meeting_uuid).toBeUndefined();
      const session = await runSession(payload, sim.credentials, [{ key: 'audio', media_type: 1 }]);
      await session.media.get('audio')?.next((m) => m.msg_type === 14, 'audio');
      session.close();
    }
  });
});
