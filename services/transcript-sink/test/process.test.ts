import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedNatsTest, type ManagedProcess, startServiceProcess, waitFor } from '@rtms/testkit';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import { type LogRecord, publishSegments, segment } from './helpers.js';

// The real process (`node dist/main.js`), killed and started again: what JetStream, the ledger and the files
// keep across a crash is only tested for real across processes.

const packageDir = fileURLToPath(new URL('..', import.meta.url));

let dir: string;
const started: ManagedProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sink-proc-'));
});
afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((p) => p.stop('SIGKILL')));
  await rm(dir, { recursive: true, force: true });
});

async function startSinkProcess(natsUrl: string, name: string): Promise<ManagedProcess> {
  const proc = await startServiceProcess({
    packageDir,
    name,
    natsUrl,
    env: { TRANSCRIPT_DIR: dir },
    readyLine: /transcript sink listening/,
  });
  started.push(proc);
  return proc;
}

const records = (proc: ManagedProcess): LogRecord[] =>
  proc.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogRecord);
const transcriptLines = (...procs: ManagedProcess[]) =>
  procs.flatMap((p) => records(p).filter((r) => r.msg === 'transcript'));

async function jsonlIds(streamId: string): Promise<string[]> {
  const text = await readFile(path.join(dir, `${streamId}.jsonl`), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).segmentId as string);
}

describe('transcript-sink - process', () => {
  isolatedNatsTest(
    'transcript-sink process - SIGKILL mid-stream, restart: nothing lost, files exact',
    async ({ nats }) => {
      const segments = Array.from({ length: 80 }, (_, i) => segment('abc123', i));
      const first = await startSinkProcess(nats.url, 'sink-1');
      const publishing = publishSegments(nats.js, segments);
      await waitFor(() => transcriptLines(first).length >= 20, { what: '20 lines before the kill' });
      await first.stop('SIGKILL');
      await publishing;

      const second = await startSinkProcess(nats.url, 'sink-2');
      const wanted = new Set(segments.map((s) => s.segmentId));
      const logged = () => new Set(transcriptLines(first, second).map((l) => l.segmentId)).size;
      await waitFor(() => logged() === wanted.size, {
        timeoutMs: 30_000,
        what: 'every segment logged',
      }).catch((err: Error) => {
        const said = second.lines.filter((l) => !l.includes('"msg":"transcript"')).slice(-10);
        throw new Error(`${err.message}: ${logged()} of ${wanted.size}; sink-2 said:\n${said.join('\n')}`);
      });
      await waitFor(async () => (await jsonlIds('abc123')).length === wanted.size, {
        what: 'every JSONL line',
      });

      // Never lost; logged twice only for the one segment that could have been between its line and its
      // ledger record when the kill came, and then marked as a redelivery.
      const lines = transcriptLines(first, second);
      const counts = new Map<unknown, number>();
      for (const l of lines) counts.set(l.segmentId, (counts.get(l.segmentId) ?? 0) + 1);
      const repeated = [...counts].filter(([, n]) => n > 1);
      expect(repeated.length).toBeLessThanOrEqual(1);
      for (const [id] of repeated) {
        expect(transcriptLines(second).find((l) => l.segmentId === id)).toMatchObject({ redelivered: true });
      }
      // The file is its own record: exactly once, in stream order.
      const ids = await jsonlIds('abc123');
      expect(ids).toEqual(segments.map((s) => s.segmentId));
      // The log goes on where the first process stopped: in order, no gap (the one sink consumer lets a
      // single segment be in flight, so nothing newer overtakes the one that was in hand).
      const index = (l: LogRecord) => Number(String(l.text).split(' ')[1]);
      const firstIdx = transcriptLines(first).map(index);
      const secondIdx = transcriptLines(second)
        .filter((l) => !repeated.some(([id]) => id === l.segmentId))
        .map(index);
      expect([...firstIdx, ...secondIdx]).toEqual(segments.map((_, i) => i));
    },
  );

  isolatedNatsTest(
    'transcript-sink process - SIGTERM finishes in order and a restart repeats nothing',
    async ({ nats }) => {
      const first = await startSinkProcess(nats.url, 'sink-1');
      await publishSegments(
        nats.js,
        [0, 1, 2, 3, 4].map((i) => segment('def456', i)),
      );
      await waitFor(() => transcriptLines(first).length === 5, { what: '5 lines' });
      const exit = await first.stop('SIGTERM');
      expect(exit.code).toBe(0);
      expect(records(first).map((r) => r.msg)).toEqual(
        expect.arrayContaining([
          'shutting down',
          'transcript sink closed',
          'NATS connection drained',
          'shutdown complete',
        ]),
      );

      await publishSegments(
        nats.js,
        [5, 6].map((i) => segment('def456', i)),
      );
      const second = await startSinkProcess(nats.url, 'sink-2');
      await waitFor(() => transcriptLines(second).length === 2, { what: '2 new lines' });
      expect(transcriptLines(second).map((l) => l.text)).toEqual(['line 5 of def456', 'line 6 of def456']);
      expect(await jsonlIds('def456')).toHaveLength(7);
    },
  );
});
