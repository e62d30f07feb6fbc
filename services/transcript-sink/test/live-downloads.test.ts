import { natsTest } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { publishSegments, segment, startSink } from './helpers.js';

// Downloads are read from JetStream (RTMS_TRANSCRIPTS): the sink runs here without TRANSCRIPT_DIR.

describe('transcript-sink - transcript downloads', () => {
  natsTest(
    'live api - a transcript downloads as JSONL, WebVTT, SRT and text, revisions folded in',
    async ({ nats }) => {
      const token = 'download-token-0123456789';
      const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_PAGE_TOKEN: token });
      try {
        await publishSegments(nats.js, [
          segment('dl0001', 0),
          segment('dl0001', 1),
          segment('dl0001', 1, { attribute: 'update', text: 'line 1, revised' }),
          segment('dl0001', 2),
          segment('dl0001', 2, { attribute: 'delete', text: '' }),
        ]);
        const get = (format: string, auth = `?token=${token}`) =>
          fetch(`${sink.url}/api/meetings/dl0001/download/${format}${auth}`);

        const jsonl = await get('jsonl');
        expect(jsonl.status).toBe(200);
        expect(jsonl.headers.get('content-disposition')).toBe('attachment; filename="dl0001.jsonl"');
        const entries = (await jsonl.text())
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(entries.map((e) => [e.seq, e.attribute])).toEqual([
          [1, 'new'],
          [2, 'new'],
          [3, 'update'],
          [4, 'new'],
          [5, 'delete'],
        ]);

        const vtt = await get('vtt');
        expect(vtt.headers.get('content-type')).toContain('text/vtt');
        expect(await vtt.text()).toBe(
          'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\n<v Alice>line 0 of dl0001\n\n' +
            '2\n00:00:02.000 --> 00:00:03.500\n<v Bob>line 1, revised\n',
        );
        expect(await (await get('srt')).text()).toBe(
          '1\n00:00:00,000 --> 00:00:01,500\nAlice: line 0 of dl0001\n\n' +
            '2\n00:00:02,000 --> 00:00:03,500\nBob: line 1, revised\n',
        );
        const txt = await get('txt');
        expect(txt.headers.get('content-disposition')).toBe('attachment; filename="dl0001.txt"');
        expect(await txt.text()).toBe(
          '[00:00:00] Alice: line 0 of dl0001\n[00:00:02] Bob: line 1, revised\n',
        );

        // The token guards downloads as the rest of the API; bad input is refused.
        expect((await get('txt', '')).status).toBe(401);
        expect((await get('txt', '?token=wrong')).status).toBe(401);
        expect((await get('pdf')).status).toBe(404);
        expect((await fetch(`${sink.url}/api/meetings/none01/download/txt?token=${token}`)).status).toBe(404);
      } finally {
        await sink.close();
      }
    },
  );
});
