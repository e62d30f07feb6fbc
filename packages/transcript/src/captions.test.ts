import type { TranscriptSegment } from '@rtms/contracts';
import { describe, expect, it } from 'vitest';
import { foldRevisions, toSrt, toWebVtt } from './captions.js';

const T0 = 1_760_000_000_000;

function seg(over: Partial<TranscriptSegment> & { text: string; at: number }): TranscriptSegment {
  const { at, ...rest } = over;
  return {
    v: 1,
    segmentId: `s:${rest.userId ?? 'u1'}:${at}:${rest.attribute ?? 'new'}`,
    streamId: 's',
    meetingUuid: 'm',
    userId: 'u1',
    userName: 'Alice',
    language: 9,
    timestamp: T0 + at,
    startTime: T0 + at,
    endTime: T0 + at + 1500,
    attribute: 'new',
    receivedAt: T0 + at + 10,
    ...rest,
  };
}

describe('captions - foldRevisions', () => {
  it('keeps the final text of a revised sentence, once, in its place', () => {
    const cues = foldRevisions([
      seg({ at: 0, text: 'hello wor' }),
      seg({ at: 2000, text: 'second line', userId: 'u2', userName: 'Bob' }),
      seg({ at: 0, text: 'hello world', attribute: 'update' }),
    ]);
    expect(cues.map((c) => `${c.speaker}: ${c.text}`)).toEqual(['Alice: hello world', 'Bob: second line']);
  });

  it('drops deleted sentences and empty texts', () => {
    const cues = foldRevisions([
      seg({ at: 0, text: 'oops' }),
      seg({ at: 0, text: '', attribute: 'delete' }),
      seg({ at: 1000, text: '   ' }),
      seg({ at: 2000, text: 'kept' }),
    ]);
    expect(cues.map((c) => c.text)).toEqual(['kept']);
  });

  it('treats an update of an unknown sentence as a new one, and a repeated new as a replacement', () => {
    const cues = foldRevisions([
      seg({ at: 0, text: 'first' }),
      seg({ at: 0, text: 'first again' }),
      seg({ at: 1000, text: 'from update', attribute: 'update' }),
    ]);
    expect(cues.map((c) => c.text)).toEqual(['first again', 'from update']);
  });

  it('orders by start time and gives a cue without a usable end time one second', () => {
    const cues = foldRevisions([
      seg({ at: 3000, text: 'later' }),
      seg({ at: 1000, text: 'earlier', endTime: 0 }),
    ]);
    expect(cues.map((c) => c.text)).toEqual(['earlier', 'later']);
    expect(cues[0]?.endMs).toBe(T0 + 2000);
  });
});

describe('captions - WebVTT and SRT', () => {
  const cues = foldRevisions([
    seg({ at: 0, text: 'Hello & <b>welcome</b>\n--> all' }),
    seg({ at: 3_723_456, text: 'an hour later', userName: 'Bob <x>', userId: 'u2' }),
  ]);

  it('writes WebVTT with voices, relative times and escaped text', () => {
    expect(toWebVtt(cues)).toBe(
      'WEBVTT\n\n' +
        '1\n00:00:00.000 --> 00:00:01.500\n<v Alice>Hello &amp; &lt;b&gt;welcome&lt;/b&gt; --&gt; all\n\n' +
        '2\n01:02:03.456 --> 01:02:04.956\n<v Bob &lt;x&gt;>an hour later\n',
    );
  });

  it('writes SRT with comma milliseconds and the speaker before the text', () => {
    expect(toSrt(cues)).toBe(
      '1\n00:00:00,000 --> 00:00:01,500\nAlice: Hello & <b>welcome</b> --> all\n\n' +
        '2\n01:02:03,456 --> 01:02:04,956\nBob <x>: an hour later\n',
    );
  });

  it('writes a valid empty file when nothing is left', () => {
    expect(toWebVtt([])).toBe('WEBVTT\n');
    expect(toSrt([])).toBe('');
  });
});
