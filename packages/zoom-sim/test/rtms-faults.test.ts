import { waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import { connectMedia, type Msg, runSession, sign } from './helpers/rtms-client.js';
import { liveStream, startedPayload } from './helpers/sim.js';

// Zoom's failure cases as the independent client observes them (docs/rtms-protocol.md §6).

let sim: ZoomSimulator;

beforeAll(async () => {
  sim = await startZoomSimulator({
    seed: 'fault-tests',
    webhookUrl: null,
    keepAliveIntervalMs: 100,
    signalingGraceMs: 600,
    mediaGraceMs: 600,
  });
});
afterAll(async () => {
  await sim.close();
});

const audioSpec = [{ key: 'audio', media_type: 1 }];
const webhookEvents = (streamId: string) =>
  sim.webhooks.filter((w) => w.envelope.payload.rtms_stream_id === streamId).map((w) => w.event);
const isEvent = (type: number) => (m: Msg) => m.msg_type === 6 && m.event.event_type === type;

describe('faults - keep-alives', () => {
  it('faults - a client that stops answering signaling keep-alives is cut off, then the stream ends', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    session.signaling.answerKeepAlives = false;
    const closed = await session.signaling.waitClosed();
    expect(closed.code).toBe(1006);
    await session.media.get('audio')?.waitClosed();
    await waitFor(() => webhookEvents(streamId).includes('meeting.rtms_interrupted'));
    // Nobody reconnects within the grace: stopped with AWAIT_RECONNECTION_TIMEOUT.
    await waitFor(() => webhookEvents(streamId).includes('meeting.rtms_stopped'), { timeoutMs: 5000 });
    expect(sim.stream(streamId)).toMatchObject({ state: 'stopped', stopReason: 19 });
  });

  it('faults - unanswered media keep-alives drop that media socket with EVENT_UPDATE 7', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    try {
      (session.media.get('audio') as { answerKeepAlives: boolean }).answerKeepAlives = false;
      await session.media.get('audio')?.waitClosed();
      await session.signaling.next(isEvent(7), 'MEDIA_CONNECTION_INTERRUPTED');
      expect(session.signaling.closed).toBeUndefined();
      expect(sim.stream(streamId)?.state).toBe('active');
    } finally {
      session.close();
    }
  });

  it('faults - a frozen server sends no keep-alives until thawed', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    // A second, normal stream is the clock: three of its keep-alive rounds pass while the first is frozen.
    const other = await liveStream(sim);
    const clock = await runSession(other.payload, sim.credentials, audioSpec);
    const pings = () => clock.signaling.frames.filter((m) => m.msg_type === 12).length;
    try {
      sim.freeze(streamId);
      const count = session.signaling.frames.length;
      const mediaCount = session.media.get('audio')?.frames.length ?? 0;
      const start = pings();
      await waitFor(() => pings() >= start + 3);
      expect(session.signaling.frames.length).toBe(count);
      expect(session.media.get('audio')?.frames.length).toBe(mediaCount);
      sim.freeze(streamId, false);
      await waitFor(
        () =>
          session.signaling.frames.length > count &&
          (session.media.get('audio')?.frames.length ?? 0) > mediaCount,
      );
    } finally {
      session.close();
      clock.close();
    }
  });
});

describe('faults - interruptions and failover', () => {
  it('faults - media-only interruption: EVENT_UPDATE 7, media reconnect resumes buffered audio', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    try {
      const audio = session.media.get('audio');
      await audio?.next((m) => m.msg_type === 14, 'audio');
      sim.interruptMedia(streamId, 'audio');
      expect((await audio?.waitClosed())?.code).toBe(1006);
      await session.signaling.next(isEvent(7), 'MEDIA_CONNECTION_INTERRUPTED');
      const lastTs = Math.max(
        ...(audio?.frames.filter((m) => m.msg_type === 14).map((m) => m.content.timestamp) ?? [0]),
      );
      const uuid = payload.meeting_uuid as string;
      const sig = sign(sim.credentials.clientId, sim.credentials.clientSecret, uuid, streamId);
      const again = await connectMedia(session.signaling, session.handshake, payload, uuid, sig, {
        key: 'audio',
        media_type: 1,
      });
      expect(again.resp.status_code).toBe(0);
      const first = await again.sock.next((m) => m.msg_type === 14, 'audio after reconnect');
      // Audio is buffered across a media interruption: no gap in timestamps.
      expect(first.content.timestamp).toBe(lastTs + 20);
      again.sock.close();
    } finally {
      session.close();
    }
  });

  it('faults - media not reconnected within the grace ends the stream', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    sim.interruptMedia(streamId);
    await session.signaling.waitClosed();
    expect(session.signaling.frames.find((m) => m.msg_type === 8)).toMatchObject({ state: 4, reason: 19 });
  });

  it('faults - signaling interruption: rtms_interrupted, then a full reconnect on the same URL', async () => {
    const { payload, streamId } = await liveStream(sim);
    const first = await runSession(payload, sim.credentials, audioSpec);
    sim.interruptSignaling(streamId);
    await first.signaling.waitClosed();
    await first.media.get('audio')?.waitClosed();
    await waitFor(() => webhookEvents(streamId).includes('meeting.rtms_interrupted'));
    const interrupted = sim.webhooks.find(
      (w) => w.event === 'meeting.rtms_interrupted' && w.envelope.payload.rtms_stream_id === streamId,
    );
    expect(interrupted?.envelope.payload).toEqual({
      meeting_uuid: payload.meeting_uuid,
      rtms_stream_id: streamId,
    });
    const second = await runSession(payload, sim.credentials, audioSpec);
    try {
      await second.media.get('audio')?.next((m) => m.msg_type === 14, 'audio after reconnect');
      expect(sim.stream(streamId)?.state).toBe('active');
    } finally {
      second.close();
    }
  });

  it('faults - a client closing signaling is treated as an interruption', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    session.signaling.close();
    await waitFor(() => webhookEvents(streamId).includes('meeting.rtms_interrupted'));
    await session.media.get('audio')?.waitClosed();
  });

  it('faults - failover: rtms_started again with new server_urls; the old server refuses the stream', async () => {
    const { payload, streamId } = await liveStream(sim);
    const first = await runSession(payload, sim.credentials, audioSpec);
    sim.failover(streamId);
    await first.signaling.waitClosed();
    const moved = await startedPayload(sim, streamId, 2);
    expect(moved.server_urls).not.toBe(payload.server_urls);
    expect(moved.rtms_stream_id).toBe(streamId);
    const stale = await runSession(payload, sim.credentials, audioSpec).catch((e: Error) => e);
    expect(String(stale)).toContain('"status_code":2');
    const second = await runSession(moved, sim.credentials, audioSpec);
    try {
      await second.media.get('audio')?.next((m) => m.msg_type === 14, 'audio on the new server');
    } finally {
      second.close();
    }
  });
});

describe('faults - stops, pause and meeting end', () => {
  it('faults - stop with any stop_reason reaches signaling and the webhook', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    sim.stopRtms(streamId, 13);
    await session.signaling.waitClosed();
    expect(session.signaling.frames.find((m) => m.msg_type === 8)).toMatchObject({
      state: 4,
      reason: 13,
      rtms_stream_id: streamId,
    });
    expect(session.signaling.frames.find((m) => m.msg_type === 9)).toMatchObject({
      state: 5,
      stop_reason: 13,
    });
    await session.media.get('audio')?.waitClosed();
    const stopped = sim.webhooks.find(
      (w) => w.event === 'meeting.rtms_stopped' && w.envelope.payload.rtms_stream_id === streamId,
    );
    expect(stopped?.envelope.payload.stop_reason).toBe(13);
  });

  it('faults - meeting end: state 4 reason 6, rtms_stopped then meeting.ended', async () => {
    const { payload, streamId, meeting } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    sim.endMeeting(meeting.id);
    await session.signaling.waitClosed();
    expect(session.signaling.frames.find((m) => m.msg_type === 8)).toMatchObject({ state: 4, reason: 6 });
    const ids = sim.webhooks.map(
      (w) =>
        `${w.event}:${w.envelope.payload.rtms_stream_id ?? (w.envelope.payload.object as { id?: string })?.id}`,
    );
    const stopped = ids.indexOf(`meeting.rtms_stopped:${streamId}`);
    expect(stopped).toBeGreaterThan(-1);
    expect(ids.indexOf(`meeting.ended:${meeting.id}`)).toBeGreaterThan(stopped);
  });

  it('faults - pause and resume: stream and session state updates, no media while paused', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    try {
      const audio = session.media.get('audio');
      await audio?.next((m) => m.msg_type === 14, 'audio');
      sim.pauseRtms(streamId);
      await session.signaling.next((m) => m.msg_type === 8 && m.state === 5, 'paused');
      await session.signaling.next((m) => m.msg_type === 9 && m.state === 3, 'session paused');
      sim.resumeRtms(streamId);
      await session.signaling.next((m) => m.msg_type === 8 && m.state === 6, 'resumed');
      const before = audio?.frames.length ?? 0;
      await waitFor(() => (audio?.frames.length ?? 0) > before);
    } finally {
      session.close();
    }
  });

  it('faults - STREAM_CLOSE_REQ is answered and ends the stream with reason 20', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, audioSpec);
    session.signaling.send({ msg_type: 21, rtms_stream_id: streamId });
    await session.signaling.next((m) => m.msg_type === 22, 'stream close response');
    await session.signaling.waitClosed();
    expect(sim.stream(streamId)).toMatchObject({ state: 'stopped', stopReason: 20 });
  });
});
