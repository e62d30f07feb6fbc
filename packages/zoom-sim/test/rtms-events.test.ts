import { waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import { type Msg, runSession } from './helpers/rtms-client.js';
import { liveStream } from './helpers/sim.js';

let sim: ZoomSimulator;
const isEvent = (type: number) => (m: Msg) => m.msg_type === 6 && m.event.event_type === type;

beforeAll(async () => {
  sim = await startZoomSimulator({ seed: 'event-tests', webhookUrl: null });
});
afterAll(async () => {
  await sim.close();
});

describe('events - participants, sharing, requests', () => {
  it('events - join, leave, sharing start/stop reach subscribers only', async () => {
    const { payload, meeting } = await liveStream(sim, { media: { audio: true, deskshare: true } });
    const subscribed = await runSession(payload, sim.credentials, [{ key: 'audio', media_type: 1 }], {
      subscribe: [3, 4, 5, 6],
    });
    try {
      await subscribed.signaling.next(isEvent(5), 'sharing start at first packet');
      const userId = sim.participantJoin(meeting.id, 'Dana');
      await subscribed.signaling.next(
        (m) => isEvent(3)(m) && m.event.participants[0]?.user_id === userId,
        'join',
      );
      sim.participantLeave(meeting.id, 'Dana');
      await subscribed.signaling.next(
        (m) => isEvent(4)(m) && m.event.participants[0]?.user_id === userId,
        'leave',
      );
      sim.stopSharing(meeting.id);
      await subscribed.signaling.next(isEvent(6), 'sharing stop');
      expect(subscribed.signaling.frames.some(isEvent(2))).toBe(false); // not subscribed to active speaker
    } finally {
      subscribed.close();
    }
  });

  it('events - state requests and video subscription (data_opt 4)', async () => {
    const { payload, meeting, streamId } = await liveStream(sim, { media: { video: true } });
    const session = await runSession(payload, sim.credentials, [
      { key: 'video', media_type: 2, media_params: { video: { data_opt: 4 } } },
    ]);
    try {
      const video = session.media.get('video');
      const target = meeting.speakers[1]?.userId;
      session.signaling.send({ msg_type: 28, user_id: target, subscribe: true, timestamp: Date.now() });
      expect(await session.signaling.next((m) => m.msg_type === 29)).toMatchObject({
        user_id: target,
        status_code: 0,
      });
      await video?.next((m) => m.msg_type === 15, 'video of the subscribed user');
      expect(video?.frames.filter((m) => m.msg_type === 15).every((m) => m.content.user_id === target)).toBe(
        true,
      );
      session.signaling.send({ msg_type: 28, user_id: 1, subscribe: true });
      expect(await session.signaling.next((m) => m.msg_type === 29 && m.user_id === 1)).toMatchObject({
        status_code: 4,
      });
      session.signaling.send({ msg_type: 19, rtms_stream_id: streamId });
      expect(await session.signaling.next((m) => m.msg_type === 20)).toMatchObject({
        state: 1,
        rtms_stream_id: streamId,
      });
      const sessionId = session.signaling.frames.find((m) => m.msg_type === 9)?.rtms_session_id;
      session.signaling.send({ msg_type: 10, rtms_session_id: sessionId });
      expect(await session.signaling.next((m) => m.msg_type === 11)).toMatchObject({
        state: 2,
        rtms_session_id: sessionId,
      });
    } finally {
      session.close();
    }
  });

  it('events - a meeting with durationMs ends by itself', async () => {
    const meeting = sim.startMeeting({ durationMs: 50, autoRtms: true });
    await waitFor(() => sim.meeting(meeting.id)?.status === 'ended');
    const events = sim.webhooks.map((w) => w.event);
    expect(events).toContain('meeting.ended');
    expect(sim.stream(meeting.streamIds[0] as string)).toMatchObject({ state: 'stopped', stopReason: 6 });
  });
});
