import { natsTest } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { publishMeetingStarted, publishSegments, publishStopped, segment, startSink, T0 } from './helpers.js';
import { openEvents } from './sse-client.js';

describe('transcript-sink - live API', () => {
  natsTest(
    'live api - lists meetings newest first, with topic, start, duration, speakers and lifecycle state',
    async ({ nats }) => {
      const sink = await startSink(await nats.connect('sink'));
      try {
        // old001 started (meeting.started) a minute before its first line; new002 has no meeting.started.
        // Other webhooks of the meeting (the same object shape) are not meeting.started: not read.
        await publishMeetingStarted(nats.js, 'meeting-old001==', 'not the topic', T0, 'meeting.ended');
        await publishMeetingStarted(nats.js, 'meeting-old001==', 'Weekly sync', T0 - 60_000);
        await publishMeetingStarted(nats.js, 'meeting-old001==', 'not the topic', T0, 'meeting.ended');
        await publishSegments(nats.js, [
          segment('old001', 0),
          segment('old001', 1),
          segment('new002', 0, { timestamp: T0 + 3_600_000 }),
        ]);
        await publishStopped(nats.js, 'old001');
        const list = async () => {
          const res = await fetch(`${sink.url}/api/meetings`);
          expect(res.status).toBe(200);
          return ((await res.json()) as { meetings: Record<string, unknown>[] }).meetings;
        };
        await expect.poll(list, { timeout: 10_000 }).toEqual([
          expect.objectContaining({
            streamId: 'new002',
            live: true,
            state: 'unknown',
            segments: 1,
            startedAt: T0 + 3_600_000,
            durationMs: 1500,
            speakers: ['Alice'],
          }),
          expect.objectContaining({
            streamId: 'old001',
            meetingUuid: 'meeting-old001==',
            topic: 'Weekly sync',
            startedAt: T0 - 60_000,
            durationMs: 60_000 + 2000 + 1500,
            live: false,
            state: 'stopped',
            segments: 2,
            lastSpeaker: 'Bob',
            speakers: ['Alice', 'Bob'],
          }),
        ]);
        expect((await list())[0]).not.toHaveProperty('topic');
      } finally {
        await sink.close();
      }
    },
  );

  natsTest(
    'live api - a reconnecting page resumes after Last-Event-ID; bad input gets 400',
    async ({ nats }) => {
      const sink = await startSink(await nats.connect('sink'));
      try {
        await publishSegments(
          nats.js,
          [0, 1, 2, 3].map((i) => segment('res003', i)),
        );
        await nats.js.publish('rtms.transcript.res003', 'not json');
        await publishSegments(nats.js, [segment('res003', 4)]);
        const feed = await openEvents(`${sink.url}/api/meetings/res003/transcript`, { 'last-event-id': '2' });
        expect(feed.headers['content-type']).toContain('text/event-stream');
        const events = await feed.until((e) => e.some((x) => x.event === 'caught-up'), 'caught-up');
        feed.close();
        const segments = events.filter((e) => e.event === 'segment');
        // The invalid message (seq 5) is left out, with a warning; the page goes on with the next one.
        expect(segments.map((e) => e.id)).toEqual(['3', '4', '6']);
        expect(sink.logs).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              msg: 'invalid message not shown',
              subject: 'rtms.transcript.res003',
              seq: 5,
            }),
          ]),
        );
        expect(JSON.parse(segments[0]?.data ?? '{}')).toMatchObject({ text: 'line 2 of res003' });

        const bad = await fetch(`${sink.url}/api/meetings/${encodeURIComponent('a.b>')}/transcript`);
        expect(bad.status).toBe(400);
        expect(await bad.json()).toMatchObject({ error: 'invalid stream id' });
        expect(sink.logs).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ msg: 'live transcript refused: bad stream id' }),
          ]),
        );
      } finally {
        await sink.close();
      }
    },
  );

  natsTest(
    'live api - beyond TRANSCRIPT_PAGE_MAX_CLIENTS a page gets 503; closing ends open streams',
    async ({ nats }) => {
      const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_PAGE_MAX_CLIENTS: '1' });
      const url = `${sink.url}/api/meetings/max004/transcript`;
      const first = await openEvents(url);
      await first.until((e) => e.some((x) => x.event === 'caught-up'), 'caught-up');
      const second = await openEvents(url);
      expect(second.status).toBe(503);
      expect(second.headers['retry-after']).toBe('10');
      await second.ended;
      expect(JSON.parse(second.body)).toMatchObject({ error: 'too many live transcripts open' });
      // An open event stream does not hold the sink's shutdown: the server ends it.
      await sink.close();
      await first.ended;
    },
  );

  natsTest('live api - the page and its headers forbid inline and foreign scripts', async ({ nats }) => {
    const sink = await startSink(await nats.connect('sink'));
    try {
      const res = await fetch(`${sink.url}/`);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('<script type="module" src="/app.js"></script>');
      expect((await fetch(`${sink.url}/app.js`)).headers.get('content-type')).toContain('text/javascript');
    } finally {
      await sink.close();
    }
  });
});
