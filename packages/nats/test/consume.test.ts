import type { TranscriptSegmentInput } from '@rtms/contracts';
import { Subjects, streamSpecs, transcriptSinkConsumerSpec } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { natsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { PublishError, provisionTopology, publishJson, runConsumer } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

function segment(n: number): TranscriptSegmentInput {
  return {
    v: 1,
    segmentId: `s1:u1:${n}:new`,
    streamId: 's1',
    meetingUuid: 'm==',
    userId: 'u1',
    userName: 'Ada',
    text: `line ${n}`,
    language: 9,
    timestamp: n,
    startTime: n,
    endTime: n + 1,
    receivedAt: n,
  };
}

describe('nats - publish and consume', () => {
  natsTest(
    'publishJson dedupes by msgID; runConsumer delivers each segment once, in order',
    async ({ nats }) => {
      await provisionTopology(
        nats.nc,
        { streams: streamSpecs(), consumers: [transcriptSinkConsumerSpec('t1')] },
        logger,
      );
      for (const n of [1, 2, 3])
        await publishJson(nats.js, 'transcript', Subjects.transcript('s1'), segment(n), {
          msgID: segment(n).segmentId,
        });
      const dup = await publishJson(nats.js, 'transcript', Subjects.transcript('s1'), segment(2), {
        msgID: segment(2).segmentId,
      });
      expect(dup.duplicate).toBe(true);

      const seen: string[] = [];
      const consumer = await runConsumer({
        js: nats.js,
        stream: 'RTMS_TRANSCRIPTS',
        durable: 't1',
        key: 'transcript',
        logger,
        handle: async (value) => {
          seen.push(value.text);
        },
      });
      await waitFor(() => seen.length === 3);
      await consumer.stop();
      expect(seen).toEqual(['line 1', 'line 2', 'line 3']);
      expect((await nats.jsm.consumers.info('RTMS_TRANSCRIPTS', 't1')).num_ack_pending).toBe(0);
    },
  );

  natsTest(
    'publishJson rejects a payload that breaks its schema before it reaches NATS',
    async ({ nats }) => {
      const bad = { ...segment(1), language: 'english' } as unknown as TranscriptSegmentInput;
      expect(() => publishJson(nats.js, 'transcript', Subjects.transcript('s1'), bad)).toThrow(/language/);
    },
  );

  natsTest('publishBytes without a stream fails with PublishError', async ({ nats }) => {
    const err = await publishJson(nats.js, 'transcript', Subjects.transcript('s1'), segment(1), {
      timeoutMs: 500,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
  });

  natsTest('an invalid message is dead-lettered and the loop carries on', async ({ nats }) => {
    await provisionTopology(
      nats.nc,
      { streams: streamSpecs(), consumers: [transcriptSinkConsumerSpec('t2')] },
      logger,
    );
    await nats.js.publish(Subjects.transcript('s1'), 'not json');
    await nats.js.publish(Subjects.transcript('s1'), JSON.stringify({ v: 2 }));
    await publishJson(nats.js, 'transcript', Subjects.transcript('s1'), segment(7));
    const seen: number[] = [];
    const consumer = await runConsumer({
      js: nats.js,
      stream: 'RTMS_TRANSCRIPTS',
      durable: 't2',
      key: 'transcript',
      logger,
      handle: async (value) => {
        seen.push(value.timestamp);
      },
    });
    await waitFor(() => seen.length === 1);
    const dlq = await waitFor(async () => {
      const info = await nats.jsm.streams.info('RTMS_DLQ');
      return info.state.messages === 2 && info;
    });
    // Terminated, not pending: nats-server 2.9 ignores `+TERM <reason>`, so the term carries no reason.
    await waitFor(
      async () => (await nats.jsm.consumers.info('RTMS_TRANSCRIPTS', 't2')).num_ack_pending === 0,
    );
    await consumer.stop();
    expect(dlq.state.messages).toBe(2);
    const first = await nats.jsm.streams.getMessage('RTMS_DLQ', { seq: 1 });
    expect(first?.json()).toMatchObject({
      consumer: 't2',
      subject: 'rtms.transcript.s1',
      streamSeq: 1,
      data: 'not json',
      encoding: 'utf8',
    });
  });

  natsTest('a handler can dead-letter a message whose inner payload it rejects', async ({ nats }) => {
    await provisionTopology(
      nats.nc,
      { streams: streamSpecs(), consumers: [transcriptSinkConsumerSpec('t4')] },
      logger,
    );
    await publishJson(nats.js, 'transcript', Subjects.transcript('s1'), segment(1));
    await publishJson(nats.js, 'transcript', Subjects.transcript('s1'), segment(2));
    const seen: number[] = [];
    const consumer = await runConsumer({
      js: nats.js,
      stream: 'RTMS_TRANSCRIPTS',
      durable: 't4',
      key: 'transcript',
      logger,
      handle: async (value) => {
        seen.push(value.timestamp);
        return value.timestamp === 1 ? { deadLetter: 'segment 1 is unwanted' } : undefined;
      },
    });
    const dlq = await waitFor(() =>
      nats.jsm.streams
        .getMessage('RTMS_DLQ', { seq: 1 })
        .then((m) => m ?? undefined)
        .catch(() => undefined),
    );
    await waitFor(() => seen.length === 2);
    await waitFor(
      async () => (await nats.jsm.consumers.info('RTMS_TRANSCRIPTS', 't4')).num_ack_pending === 0,
    );
    await consumer.stop();
    expect(dlq.json()).toMatchObject({ consumer: 't4', streamSeq: 1, reason: 'segment 1 is unwanted' });
  });

  natsTest('a failing handler gets the message again after the retry delay', async ({ nats }) => {
    await provisionTopology(
      nats.nc,
      { streams: streamSpecs(), consumers: [transcriptSinkConsumerSpec('t3')] },
      logger,
    );
    await publishJson(nats.js, 'transcript', Subjects.transcript('s1'), segment(1));
    let attempts = 0;
    const consumer = await runConsumer({
      js: nats.js,
      stream: 'RTMS_TRANSCRIPTS',
      durable: 't3',
      key: 'transcript',
      logger,
      retryDelayMs: () => 50,
      handle: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('sink unavailable');
      },
    });
    await waitFor(() => attempts === 3);
    await waitFor(
      async () => (await nats.jsm.consumers.info('RTMS_TRANSCRIPTS', 't3')).num_ack_pending === 0,
    );
    await consumer.stop();
    expect(attempts).toBe(3);
  });
});
