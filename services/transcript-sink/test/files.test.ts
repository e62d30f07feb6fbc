import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { natsTest, waitFor } from '@rtms/testkit';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import { publishSegments, publishStopped, segment, startSink, T0, untilLines } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sink-it-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const read = (name: string) => readFile(path.join(dir, name), 'utf8').catch(() => undefined);

describe('transcript-sink - files', () => {
  natsTest(
    'transcript-sink files - JSONL as segments arrive, WebVTT and SRT with final texts on stop',
    async ({ nats }) => {
      const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_DIR: dir });
      try {
        await publishSegments(nats.js, [
          segment('eee555', 0, { text: 'Good morning evry' }),
          segment('eee555', 1, { text: 'Morning!' }),
          segment('eee555', 0, { text: 'Good morning everyone', attribute: 'update' }),
          segment('eee555', 2, { text: 'scratch that' }),
          segment('eee555', 2, { text: '', attribute: 'delete' }),
        ]);
        await untilLines(sink, 5);
        const jsonl = (await read('eee555.jsonl'))?.trim().split('\n') ?? [];
        expect(jsonl.map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3, 4, 5]);
        expect(await read('eee555.vtt')).toBeUndefined();

        await publishStopped(nats.js, 'eee555');
        const srt = await waitFor(() => read('eee555.srt'), { what: 'eee555.srt' });
        expect(srt).toBe(
          '1\n00:00:00,000 --> 00:00:01,500\nAlice: Good morning everyone\n\n' +
            '2\n00:00:02,000 --> 00:00:03,500\nBob: Morning!\n',
        );
        expect(await read('eee555.vtt')).toBe(
          'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\n<v Alice>Good morning everyone\n\n' +
            '2\n00:00:02.000 --> 00:00:03.500\n<v Bob>Morning!\n',
        );
        const files = await sink.app.registry.getSingleMetricAsString('transcript_sink_caption_files_total');
        expect(files).toContain('transcript_sink_caption_files_total{service="transcript-sink"} 1');
      } finally {
        await sink.close();
      }
    },
  );

  natsTest(
    'transcript-sink files - a stop read before the last segments waits for them',
    async ({ nats }) => {
      const segments = Array.from({ length: 40 }, (_, i) =>
        segment('fff666', i, { timestamp: T0 + i * 1000 }),
      );
      // Everything is in JetStream before the sink starts: its two consumers race, and the lifecycle one has
      // a single message to read.
      const sink0 = await startSink(await nats.connect('provision'), { TRANSCRIPT_DIR: dir });
      await sink0.close();
      await publishSegments(nats.js, segments);
      await publishStopped(nats.js, 'fff666');

      const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_DIR: dir });
      try {
        const srt = await waitFor(() => read('fff666.srt'), { what: 'fff666.srt' });
        expect(srt.match(/^\d+$/gm)?.length).toBe(40);
        expect(srt).toContain('line 39 of fff666');
      } finally {
        await sink.close();
      }
    },
  );

  natsTest(
    'transcript-sink files - a stopped stream without transcript writes no files',
    async ({ nats }) => {
      const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_DIR: dir });
      try {
        await publishStopped(nats.js, 'ggg777');
        await waitFor(() => sink.logs.find((l) => l.msg === 'transcript ended' && l.streamId === 'ggg777'));
        expect(await read('ggg777.vtt')).toBeUndefined();
      } finally {
        await sink.close();
      }
    },
  );
});
