import { type DeadLetter, Streams, Subjects } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { provisionTopology, publishBytes } from '@rtms/nats';
import { natsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { sinkTopology } from '../src/index.js';
import { publishSegments, publishStopped, segment, startSink, untilLines } from './helpers.js';

const quietLogger = createLogger({ service: 'test', level: 'silent' });

describe('transcript-sink - log lines', () => {
  natsTest(
    'transcript-sink - logs every segment once, in order, as one structured line',
    async ({ nats }) => {
      const sink = await startSink(await nats.connect('sink'));
      try {
        const segments = [0, 1, 2, 3].map((i) => segment('aaa111', i));
        await publishSegments(nats.js, segments);
        const lines = await untilLines(sink, 4);
        expect(lines.map((l) => l.text)).toEqual(segments.map((s) => s.text));
        expect(lines[1]).toMatchObject({
          level: 30,
          component: 'transcript',
          meetingUuid: 'meeting-aaa111==',
          streamId: 'aaa111',
          speaker: 'Bob',
          userId: '16779264',
          language: 9,
          startTime: segments[1]?.startTime,
          endTime: segments[1]?.endTime,
          segmentId: segments[1]?.segmentId,
          seq: 2,
        });
        expect(lines[1]).not.toHaveProperty('redelivered');
        const metrics = await sink.app.registry.getSingleMetricAsString(
          'transcript_sink_segments_written_total',
        );
        expect(metrics).toContain(
          'transcript_sink_segments_written_total{output="log",service="transcript-sink"} 4',
        );
        const lag = await sink.app.registry.getSingleMetricAsString('transcript_sink_lag_segments');
        expect(lag).toContain('transcript_sink_lag_segments{service="transcript-sink"} 0');
      } finally {
        await sink.close();
      }
    },
  );

  natsTest('transcript-sink - the end of a stream is logged after its last line', async ({ nats }) => {
    // All of it is in JetStream before the sink starts, so its two consumers race: the end is still logged
    // only once every segment of the stream is.
    await startSink(await nats.connect('provision')).then((s) => s.close());
    await publishSegments(
      nats.js,
      [0, 1, 2].map((i) => segment('end999', i)),
    );
    await publishStopped(nats.js, 'end999');
    await nats.js.publish('rtms.lifecycle.end999', '{"not":"a lifecycle"}');
    const sink = await startSink(await nats.connect('sink'));
    try {
      const ended = await waitFor(() => sink.logs.find((l) => l.msg === 'transcript ended'));
      expect(ended).toMatchObject({
        streamId: 'end999',
        meetingUuid: 'meeting-end999==',
        reason: 'rtms_stopped',
      });
      const order = sink.logs.filter((l) => l.msg === 'transcript' || l.msg === 'transcript ended');
      expect(order.map((l) => l.msg)).toEqual(['transcript', 'transcript', 'transcript', 'transcript ended']);
      expect(sink.logs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            msg: 'invalid message: dead-lettered',
            subject: 'rtms.lifecycle.end999',
          }),
        ]),
      );
    } finally {
      await sink.close();
    }
  });

  natsTest(
    'transcript-sink - a malformed message is logged, dead-lettered, and the sink carries on',
    async ({ nats }) => {
      const sink = await startSink(await nats.connect('sink'));
      try {
        await publishSegments(nats.js, [segment('bbb222', 0)]);
        await publishBytes(
          nats.js,
          Subjects.transcript('bbb222'),
          new TextEncoder().encode('{"v":1,"text":'),
        );
        await publishBytes(
          nats.js,
          Subjects.transcript('bbb222'),
          new TextEncoder().encode(JSON.stringify(segment('other', 5))),
        );
        await publishSegments(nats.js, [segment('bbb222', 1)]);
        const lines = await untilLines(sink, 2);
        expect(lines.map((l) => l.text)).toEqual(['line 0 of bbb222', 'line 1 of bbb222']);

        const warnings = sink.logs.filter((l) => l.level === 40);
        expect(warnings).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              msg: 'invalid message: dead-lettered',
              subject: 'rtms.transcript.bbb222',
              seq: 2,
            }),
            expect.objectContaining({
              msg: 'message rejected by its handler: dead-lettered',
              subject: 'rtms.transcript.bbb222',
              seq: 3,
            }),
          ]),
        );
        const dlq = await nats.jsm.streams.info(Streams.deadLetters);
        expect(dlq.state.messages).toBe(2);
        const letter = (
          await nats.jsm.streams.getMessage(Streams.deadLetters, { seq: 2 })
        )?.json<DeadLetter>();
        expect(letter).toMatchObject({
          consumer: 'transcript-sink',
          subject: 'rtms.transcript.bbb222',
          streamSeq: 3,
          reason: "payload streamId 'other' does not match the subject's 'bbb222'",
        });
        // Nothing is left pending: the sink is not stuck on the bad messages.
        await waitFor(async () => {
          const info = await nats.jsm.consumers.info(Streams.transcripts, 'transcript-sink');
          return info.num_ack_pending === 0 && info.num_pending === 0;
        });
      } finally {
        await sink.close();
      }
    },
  );

  natsTest(
    'transcript-sink - a segment delivered again after it was logged is not logged again',
    async ({ nats }) => {
      const first = await startSink(await nats.connect('sink-1'));
      await publishSegments(
        nats.js,
        [0, 1, 2].map((i) => segment('ccc333', i)),
      );
      await untilLines(first, 3);
      await first.close();

      // As if every ack had been lost: the durable consumer starts over and JetStream delivers all three again.
      await nats.jsm.consumers.delete(Streams.transcripts, 'transcript-sink');
      const again = await startSink(await nats.connect('sink-2'));
      try {
        await publishSegments(nats.js, [segment('ccc333', 3)]);
        const lines = await untilLines(again, 1);
        await waitFor(async () => {
          const info = await nats.jsm.consumers.info(Streams.transcripts, 'transcript-sink');
          return info.ack_floor.stream_seq === 4;
        });
        expect(lines.map((l) => l.text)).toEqual(['line 3 of ccc333']);
        const skipped = await again.app.registry.getSingleMetricAsString(
          'transcript_sink_duplicates_skipped_total',
        );
        expect(skipped).toContain('{output="log",service="transcript-sink"} 3');
      } finally {
        await again.close();
      }
    },
  );

  natsTest(
    'transcript-sink - a redelivered segment it never logged is logged once, flagged and counted',
    async ({ nats }) => {
      // Another reader of the same durable consumer took the message and gave it back (nak), as a replica
      // that failed before writing would: JetStream delivers it again, with delivery count 2.
      const durable = 'redelivery-sink';
      await provisionTopology(nats.nc, sinkTopology({ TRANSCRIPT_SINK_CONSUMER: durable }), quietLogger);
      await publishSegments(nats.js, [segment('ddd444', 0)]);
      const held = await (await nats.js.consumers.get(Streams.transcripts, durable)).next();
      expect(held?.info.deliveryCount).toBe(1);
      held?.nak();

      const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_SINK_CONSUMER: durable });
      try {
        const lines = await untilLines(sink, 1);
        expect(lines[0]).toMatchObject({ text: 'line 0 of ddd444', redelivered: true });
        const redeliveries = await sink.app.registry.getSingleMetricAsString(
          'transcript_sink_redeliveries_total',
        );
        expect(redeliveries).toContain('transcript_sink_redeliveries_total{service="transcript-sink"} 1');
      } finally {
        await sink.close();
      }
    },
  );
});
