import type { JsMsg } from '@nats-io/jetstream';
import {
  RecordingMark,
  RecordingSubjectPatterns,
  RecordingSubjects,
  recordingFrameId,
  Streams,
} from '@rtms/contracts';
import { provisionTopology } from '@rtms/nats';
import { type NatsContext, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { connectorTopology } from '../src/topology.js';
import { connectorTest, LEASE_TTL_MS, logger } from './helpers/harness.js';

/** Every message stored in RTMS_MEDIA, oldest first. */
async function storedMedia(nats: NatsContext): Promise<JsMsg[]> {
  const total = (await nats.jsm.streams.info(Streams.media)).state.messages;
  const consumer = await nats.js.consumers.get(Streams.media, {
    filter_subjects: RecordingSubjectPatterns.all,
  });
  const out: JsMsg[] = [];
  for await (const m of await consumer.fetch({ max_messages: total, expires: 2000 })) {
    out.push(m);
    if (out.length >= total) break;
  }
  return out;
}

describe('stream-connector - recording (RTMS_RECORDING)', () => {
  connectorTest(
    'recording - audio, video and share stored in RTMS_MEDIA with deterministic ids (H.264 parameter sets apart: both messages of a timestamp kept, a resend dropped); start mark, end mark after the last frame',
    async ({ nats, startStack }) => {
      await provisionTopology(nats.nc, connectorTopology(LEASE_TTL_MS, { mediaRetentionMs: 60_000 }), logger);
      // Share in H.264 with its parameter sets as a message of their own (simulator peer variant): two
      // messages per timestamp, which must both be stored.
      const stack = await startStack({
        env: { RTMS_MEDIA_TYPES: 'audio,video,share', RTMS_RECORDING: 'true', RTMS_SHARE_CODEC: 'h264' },
        sim: { peer: { h264ParameterSetsApart: ['share'] } },
      });
      await stack.startApp();
      const meeting = stack.sim.startMeeting({
        autoRtms: true,
        media: { audio: true, video: true, deskshare: true },
        msPerWord: 60,
      });
      const streamId = meeting.streamIds[0] as string;
      await waitFor(async () => (await nats.jsm.streams.info(Streams.media)).state.messages >= 40, {
        what: '40 recorded messages',
      });
      const shareSubject = RecordingSubjects.share(streamId);
      await waitFor(
        async () => {
          const info = await nats.jsm.streams.info(Streams.media, { subjects_filter: shareSubject });
          return (info.state.subjects?.[shareSubject] ?? 0) >= 2;
        },
        { what: 'a recorded share frame (two messages)' },
      );
      stack.sim.stopRtms(streamId);
      const markSubject = RecordingSubjects.mark(streamId);
      await waitFor(
        async () => {
          const info = await nats.jsm.streams.info(Streams.media, { subjects_filter: markSubject });
          return (info.state.subjects?.[markSubject] ?? 0) >= 2;
        },
        { what: 'start and end marks' },
      );

      const stored = await storedMedia(nats);
      const marks = stored.filter((m) => m.subject === markSubject).map((m) => RecordingMark.parse(m.json()));
      const frames = stored.filter((m) => m.subject === RecordingSubjects.audio(streamId));
      expect(marks.map((m) => m.kind)).toEqual(['start', 'end']);
      expect(stored.at(-1)?.subject).toBe(markSubject); // the end mark follows every frame
      const stamps = frames.map((m) => Number(m.headers?.get('Rtms-Timestamp')));
      for (const [i, m] of frames.entries()) {
        expect(m.headers?.get('Nats-Msg-Id')).toBe(
          recordingFrameId(streamId, 'audio', 0, stamps[i] as number),
        );
        expect(m.data.length).toBe(640);
      }
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      const [start, end] = marks as [RecordingMark, RecordingMark];
      expect(start.timestamp).toBeLessThanOrEqual(stamps[0] as number);
      // The end is the stream's media time at the stop: at or after the last frame's start.
      expect(end.timestamp).toBeGreaterThanOrEqual((stamps.at(-1) as number) - 40);
      expect(end).toMatchObject({ streamId, meetingUuid: meeting.uuid, reason: 'stream_terminated' });

      // Video (JPEG) and screen share (H.264): the same bytes as their core subjects, ids from kind, user,
      // time and a hash of the payload.
      const idOf = (kind: 'video' | 'share', m: JsMsg) =>
        recordingFrameId(
          streamId,
          kind,
          m.headers?.get('Rtms-User-Id') as string,
          Number(m.headers?.get('Rtms-Timestamp')),
          Buffer.from(m.data).toString('base64'),
        );
      const video = stored.filter((m) => m.subject === RecordingSubjects.video(streamId));
      expect(video.length).toBeGreaterThan(0);
      for (const m of video) {
        expect(m.headers?.get('Nats-Msg-Id')).toBe(idOf('video', m));
        expect(m.headers?.get('Rtms-Format')).toBe('image/jpeg');
        expect([m.data[0], m.data[1]]).toEqual([0xff, 0xd8]);
      }
      const share = stored.filter((m) => m.subject === RecordingSubjects.share(streamId));
      expect(share.length).toBeGreaterThanOrEqual(2);
      expect(share.length % 2).toBe(0);
      for (let i = 0; i < share.length; i += 2) {
        const pair = [share[i], share[i + 1]] as [JsMsg, JsMsg];
        // SPS (then PPS), then the IDR slice: one timestamp, two ids, both stored.
        expect(pair.map((m) => (m.data[4] as number) & 0x1f)).toEqual([7, 5]);
        expect(pair[1].headers?.get('Rtms-Timestamp')).toBe(pair[0].headers?.get('Rtms-Timestamp'));
        expect(pair.map((m) => m.headers?.get('Nats-Msg-Id'))).toEqual(pair.map((m) => idOf('share', m)));
        expect(pair[1].headers?.get('Nats-Msg-Id')).not.toBe(pair[0].headers?.get('Nats-Msg-Id'));
        expect(pair[0].headers?.get('Rtms-Format')).toBe('video/h264');
      }
      // A resend of a stored message (a retry, another replica after a takeover) has the same id: dropped.
      const again = share[1] as JsMsg;
      const ack = await nats.js.publish(again.subject, again.data, {
        msgID: again.headers?.get('Nats-Msg-Id') as string,
      });
      expect(ack.duplicate).toBe(true);
    },
  );
});
