import type { TranscriptSegment } from '@rtms/contracts';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { StreamRow } from '../streams/snapshot.js';
import { renderStreams } from './streams.js';
import { tailLine } from './tail.js';

const plain = pc.createColors(false);

const segment = (over: Partial<TranscriptSegment> = {}): TranscriptSegment => ({
  v: 1,
  segmentId: 's1',
  streamId: 'abcdef0123456789abcdef',
  meetingUuid: 'uuid==',
  userId: '16778240',
  userName: 'Alice',
  text: 'Hello there',
  language: 9,
  timestamp: Date.UTC(2026, 0, 1, 12, 0, 5),
  startTime: 0,
  endTime: 0,
  attribute: 'new',
  receivedAt: 0,
  ...over,
});

describe('cli render', () => {
  it('cli render - a transcript line is time, speaker and text; revisions are marked, the stream named when mixed', () => {
    expect(tailLine(segment(), plain, false)).toMatch(/^\d\d:\d\d:05 Alice: Hello there$/);
    expect(tailLine(segment({ attribute: 'update', text: 'Hello there!' }), plain, false)).toMatch(
      /Alice: Hello there! \(update\)$/,
    );
    expect(tailLine(segment(), plain, true)).toMatch(/^\d\d:\d\d:05 abcdef012345 Alice: Hello there$/);
  });

  it('cli render - streams table: live state, owner, age and media; stopped with its reason', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const row: StreamRow = {
      streamId: 'abc',
      instanceKind: 'meeting',
      instanceId: 'uuid==',
      state: 'connected',
      owner: 'stream-connector-1',
      startedAt: now - 75_000,
      stoppedAt: null,
      stopReason: null,
      transcriptSegments: 12,
      chatMessages: 0,
      framesPerSecond: { audio: 50 },
    };
    const stopped: StreamRow = {
      ...row,
      streamId: 'def',
      state: 'stopped',
      owner: null,
      stopReason: 'MEETING_ENDED (6)',
      framesPerSecond: {},
      transcriptSegments: 0,
    };
    expect(renderStreams([row, stopped], now, plain)).toEqual([
      'STREAM  MEETING  STATE                        OWNER               AGE    MEDIA',
      'abc     uuid==   connected                    stream-connector-1  1m15s  audio 50/s, transcript 12',
      'def     uuid==   stopped (MEETING_ENDED (6))  -                   1m15s  -',
    ]);
    expect(renderStreams([], now, plain)[0]).toMatch(/^no streams known/);
  });
});
