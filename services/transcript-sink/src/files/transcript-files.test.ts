import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TranscriptSegment } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TranscriptDirError } from '../errors.js';
import { TranscriptFiles } from './transcript-files.js';

const logs: { msg: string; [k: string]: unknown }[] = [];
const logger = createLogger(
  { service: 'test', level: 'debug' },
  { write: (s: string) => logs.push(JSON.parse(s)) },
);

function seg(at: number, text: string, attribute: TranscriptSegment['attribute'] = 'new'): TranscriptSegment {
  return {
    v: 1,
    segmentId: `abc:u1:${at}:${attribute}`,
    streamId: 'abc',
    meetingUuid: 'm==',
    userId: 'u1',
    userName: 'Alice',
    text,
    language: 9,
    timestamp: at,
    startTime: at,
    endTime: at + 900,
    attribute,
    receivedAt: at + 5,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sink-files-'));
  logs.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const jsonl = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('transcript files - JSONL', () => {
  it('appends one line per segment with its stream sequence, and never the same segment twice', async () => {
    const files = new TranscriptFiles(dir, logger);
    await files.prepare();
    expect(await files.append('abc', 1, seg(1000, 'one'))).toBe('written');
    expect(await files.append('abc', 2, seg(2000, 'two'))).toBe('written');
    expect(await files.append('abc', 1, seg(1000, 'one'))).toBe('duplicate');
    // A fresh instance (a restarted sink) learns what the file holds from the file itself.
    const restarted = new TranscriptFiles(dir, logger);
    expect(await restarted.append('abc', 7, seg(2000, 'two'))).toBe('duplicate');
    const lines = await jsonl(files.pathOf('abc', 'jsonl'));
    expect(lines.map((l) => [l.seq, l.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
  });

  it('cuts a torn last line and skips an unreadable one, with a log line for each', async () => {
    const files = new TranscriptFiles(dir, logger);
    const file = files.pathOf('abc', 'jsonl');
    await writeFile(file, `${JSON.stringify({ ...seg(1000, 'whole'), seq: 1 })}\nnot json\n`);
    await appendFile(file, '{"v":1,"segmentId":"abc:u1:2000');
    expect(await files.append('abc', 3, seg(3000, 'after'))).toBe('written');
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('abc:u1:2000');
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['torn last line cut from file', 'unreadable line in transcript file skipped']),
    );
  });

  it('refuses a folder it cannot write to', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const files = new TranscriptFiles(path.join(blocker, 'sub'), logger);
    await expect(files.prepare()).rejects.toBeInstanceOf(TranscriptDirError);
  });
});

describe('transcript files - captions', () => {
  it('writes WebVTT and SRT with the final text of revised sentences, and re-renders after a late segment', async () => {
    const files = new TranscriptFiles(dir, logger);
    await files.append('abc', 1, seg(1000, 'helo'));
    await files.append('abc', 2, seg(1000, 'hello', 'update'));
    await files.append('abc', 3, seg(2000, 'gone'));
    await files.append('abc', 4, seg(2000, '', 'delete'));
    const result = await files.finalize('abc');
    expect(result?.cues).toBe(1);
    expect(await readFile(files.pathOf('abc', 'vtt'), 'utf8')).toContain('<v Alice>hello\n');
    expect(await readFile(files.pathOf('abc', 'srt'), 'utf8')).toBe(
      '1\n00:00:00,000 --> 00:00:00,900\nAlice: hello\n',
    );
    await files.append('abc', 5, seg(3000, 'late line'));
    expect(await readFile(files.pathOf('abc', 'srt'), 'utf8')).toContain('Alice: late line');
  });

  it('writes nothing for a stream without segments', async () => {
    const files = new TranscriptFiles(dir, logger);
    expect(await files.finalize('nothing')).toBeUndefined();
  });
});
