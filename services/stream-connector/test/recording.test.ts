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
    'recording - audio, video and share stored in RTMS_MEDIA with deterministic ids; start mark, end mark after the last frame',
    async ({ nats, startStack }) => {
      await provisionTopology(nats.nc, connectorTopology(LEASE_TTL_MS, { mediaRetentionMs: 60_000 }), logger);
      const stack = await startStack({
        env: { RTMS_MEDIA_TYPES: 'audio,video,share', RTMS_RECORDING: 'true' },
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

      // Video and screen share: the same bytes as their core subjects (JPEG), ids from kind, user and time.
      for (const kind of ['video', 'share'] as const) {
        const images = stored.filter((m) => m.subject === RecordingSubjects[kind](streamId));
        expect(images.length, kind).toBeGreaterThan(0);
        for (const m of images) {
          const stamp = Number(m.headers?.get('Rtms-Timestamp'));
          const user = m.headers?.get('Rtms-User-Id') as string;
          expect(m.headers?.get('Nats-Msg-Id')).toBe(recordingFrameId(streamId, kind, user, stamp));
          expect(m.headers?.get('Rtms-Format')).toBe('image/jpeg');
          expect([m.data[0], m.data[1]]).toEqual([0xff, 0xd8]);
        }
      }
    },
  );
});
