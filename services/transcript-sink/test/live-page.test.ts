import { natsTest } from '@rtms/testkit';
import { afterAll, describe, expect } from 'vitest';
import { sharedBrowser } from './browser.js';
import { publishSegments, publishStopped, segment, startSink } from './helpers.js';
import { expectLines } from './page-lines.js';

// The live transcript page in a real headless Chromium, fed by segments published to JetStream the way the
// connector publishes them.

// Launched by the first test that needs it; each test fails (never skips) with the fix if Chromium is missing.
const browser = sharedBrowser();
const newPage = () => browser.newPage();
afterAll(() => browser.close());

describe('transcript-sink - live page', () => {
  natsTest(
    'live page - a meeting appears in the list and its lines arrive live, in order',
    async ({ nats }) => {
      const page = await newPage();
      const sink = await startSink(await nats.connect('sink'));
      try {
        await publishSegments(
          nats.js,
          [0, 1, 2].map((i) => segment('live01', i)),
        );
        await page.goto(sink.url);
        const link = page.locator('#meetings a[data-stream-id="live01"]');
        await link.waitFor();
        expect(await link.textContent()).toContain('meeting-live01==');
        expect(await link.locator('.badge').textContent()).toBe('live');
        await link.click();
        await expectLines(page, [
          'Alice: line 0 of live01',
          'Bob: line 1 of live01',
          'Alice: line 2 of live01',
        ]);
        await expect.poll(() => page.textContent('#transcript-status')).toContain('Live');
        const time = await page.getAttribute('#transcript li:first-child time', 'datetime');
        expect(time).toBe(new Date(segment('live01', 0).timestamp as number).toISOString());

        // Live: new lines are appended, and a revision replaces its sentence's text in place.
        await publishSegments(nats.js, [
          segment('live01', 3),
          segment('live01', 1, { attribute: 'update', text: 'line 1, revised' }),
          segment('live01', 4),
        ]);
        await expectLines(page, [
          'Alice: line 0 of live01',
          'Bob: line 1, revised',
          'Alice: line 2 of live01',
          'Bob: line 3 of live01',
          'Alice: line 4 of live01',
        ]);

        await publishStopped(nats.js, 'live01');
        await expect.poll(() => page.textContent('#transcript-status')).toContain('ended');
      } finally {
        await page.close();
        await sink.close();
      }
    },
  );

  natsTest('live page - a page opened late replays the whole meeting from JetStream', async ({ nats }) => {
    const early = await newPage();
    const late = await newPage();
    const sink = await startSink(await nats.connect('sink'));
    try {
      await publishSegments(
        nats.js,
        [0, 1].map((i) => segment('late02', i)),
      );
      await early.goto(`${sink.url}/#/meetings/late02`);
      await expectLines(early, ['Alice: line 0 of late02', 'Bob: line 1 of late02']);
      await publishSegments(
        nats.js,
        [2, 3, 4].map((i) => segment('late02', i)),
      );
      const all = [0, 1, 2, 3, 4].map((i) => `${i % 2 === 0 ? 'Alice' : 'Bob'}: line ${i} of late02`);
      await expectLines(early, all);

      await late.goto(`${sink.url}/#/meetings/late02`);
      await expectLines(late, all);
      await publishSegments(nats.js, [segment('late02', 5)]);
      await expectLines(late, [...all, 'Bob: line 5 of late02']);
      await expectLines(early, [...all, 'Bob: line 5 of late02']);
    } finally {
      await early.close();
      await late.close();
      await sink.close();
    }
  });

  natsTest(
    'live page - with TRANSCRIPT_PAGE_TOKEN the page and its API need the token; with it the transcript shows',
    async ({ nats }) => {
      const token = 'page-token-for-the-browser-test-0123';
      const page = await newPage();
      const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_PAGE_TOKEN: token });
      try {
        await publishSegments(
          nats.js,
          [0, 1].map((i) => segment('tok004', i)),
        );
        // Without the token (or with a wrong one): no page, no meeting list, no transcript stream.
        const refused = await page.goto(`${sink.url}/#/meetings/tok004`);
        expect(refused?.status()).toBe(401);
        expect(await page.$$('#transcript li')).toHaveLength(0);
        expect((await page.goto(`${sink.url}/?token=wrong-token-of-some-length`))?.status()).toBe(401);
        for (const path of ['/api/meetings', '/api/meetings/tok004/transcript']) {
          expect((await fetch(`${sink.url}${path}`)).status, path).toBe(401);
          expect((await fetch(`${sink.url}${path}?token=${token}x`)).status, path).toBe(401);
        }
        const bearer = await fetch(`${sink.url}/api/meetings`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(bearer.status).toBe(200);
        // Health stays open for probes.
        expect((await fetch(`${sink.url}/healthz`)).status).toBe(200);

        // With the token the page works as always: list, transcript, live lines.
        expect((await page.goto(`${sink.url}/?token=${token}#/meetings/tok004`))?.status()).toBe(200);
        await expectLines(page, ['Alice: line 0 of tok004', 'Bob: line 1 of tok004']);
        await page.locator('#meetings a[data-stream-id="tok004"]').waitFor();
        await publishSegments(nats.js, [segment('tok004', 2)]);
        await expectLines(page, [
          'Alice: line 0 of tok004',
          'Bob: line 1 of tok004',
          'Alice: line 2 of tok004',
        ]);
        expect(JSON.stringify(sink.logs)).not.toContain(token);
      } finally {
        await page.close();
        await sink.close();
      }
    },
  );

  natsTest('live page - transcript text and names are shown as text, never run as HTML', async ({ nats }) => {
    const page = await newPage();
    const sink = await startSink(await nats.connect('sink'));
    try {
      const attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
      await publishSegments(nats.js, [
        segment('xss003', 0, { text: attack, userName: '<b onmouseover="window.__pwned=3">Mallory</b>' }),
      ]);
      await page.goto(`${sink.url}/#/meetings/xss003`);
      await expectLines(page, [`<b onmouseover="window.__pwned=3">Mallory</b>: ${attack}`]);
      expect(await page.$$('#transcript img, #transcript script, #transcript b')).toHaveLength(0);
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    } finally {
      await page.close();
      await sink.close();
    }
  });
});
