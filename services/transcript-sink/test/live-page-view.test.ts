import { mkdir, readFile } from 'node:fs/promises';
import { natsTest } from '@rtms/testkit';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { sharedBrowser } from './browser.js';
import { publishMeetingStarted, publishSegments, publishStopped, segment, startSink, T0 } from './helpers.js';
import { expectLines, shownLines } from './page-lines.js';
import { putRecordingManifest } from './recording-objects.js';

// The live page's list and transcript view in a real headless Chromium: topics, speakers, times from the
// meeting's start, search, follow-live, downloads, a phone-sized screen and the keyboard alone.
// LIVE_PAGE_SCREENSHOT=1 also writes the screenshots docs/transcript-sink.md shows (docs/images/).

const browser = sharedBrowser();
afterAll(() => browser.close());

const SCREENSHOTS = new URL('../../../docs/images/', import.meta.url);
async function screenshot(page: Page, name: string) {
  if (!process.env.LIVE_PAGE_SCREENSHOT) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(name, SCREENSHOTS).pathname });
}

const TOKEN = 'view-test-token-0123456789';

/** Two meetings: `design` (topic from meeting.started a minute before its first line, live, four lines) and
 * an older one without a topic, ended. */
async function twoMeetings(js: Parameters<typeof publishSegments>[0]) {
  await publishMeetingStarted(js, 'meeting-design==', 'Design review', T0 - 60_000);
  await publishSegments(js, [
    segment('older1', 0, { timestamp: T0 - 7_200_000, text: 'an older meeting' }),
    ...[0, 1, 2, 3].map((i) => segment('design', i)),
  ]);
  await publishStopped(js, 'older1');
}

/** The focused element: a meeting's stream id, a download's format, or its id. */
const focused = (page: Page) =>
  page.$$eval(
    ':focus',
    ([el]) => el?.getAttribute('data-stream-id') ?? el?.getAttribute('data-format') ?? el?.id ?? '',
  );

const listed = (page: Page) =>
  page.$$eval('#meetings a', (links) =>
    links.map((a) => ({
      title: a.querySelector('.title')?.textContent,
      state: a.querySelector('.badge')?.textContent,
      speakers: a.querySelector('.speakers')?.textContent,
      when: a.querySelector('.when')?.textContent,
    })),
  );

describe('transcript-sink - live page views', () => {
  natsTest(
    'live page - meetings newest first with topic or id, start, duration, state and speakers; lines with speaker colours and times from the start',
    async ({ nats }) => {
      const page = await browser.newPage({ width: 1100, height: 720 });
      const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_PAGE_TOKEN: TOKEN });
      try {
        await twoMeetings(nats.js);
        await page.goto(`${sink.url}/?token=${TOKEN}`);
        await expect
          .poll(async () => (await listed(page)).map((m) => [m.title, m.state, m.speakers]), {
            timeout: 10_000,
          })
          .toEqual([
            ['Design review', 'live', 'Alice, Bob'],
            ['meeting-older1==', 'ended', 'Alice'],
          ]);
        // From the meeting's start (a minute before the first line) to the end of the last line.
        expect((await listed(page))[0]?.when).toMatch(/ · 1 min$/);

        await page.click('#meetings a[data-stream-id="design"]');
        await expectLines(
          page,
          [0, 1, 2, 3].map((i) => `${i % 2 ? 'Bob' : 'Alice'}: line ${i} of design`),
        );
        expect(await page.textContent('#transcript-title')).toBe('Design review');
        await expect
          .poll(() => page.$$eval('#transcript time', (ts) => ts.map((t) => t.textContent)))
          .toEqual(['1:00', '1:02', '1:04', '1:06']);
        const colours = await page.$$eval('#transcript .speaker', (s) =>
          s.map((x) => x.ownerDocument.defaultView?.getComputedStyle(x).color),
        );
        expect(colours[0]).toBe(colours[2]);
        expect(colours[1]).toBe(colours[3]);
        expect(colours[0]).not.toBe(colours[1]);
        await expect.poll(() => page.textContent('#transcript-status')).toContain('Live');
        await screenshot(page, 'live-page.png');
      } finally {
        await page.close();
        await sink.close();
      }
    },
  );

  natsTest('live page - search filters and marks lines; downloads carry the token', async ({ nats }) => {
    const page = await browser.newPage();
    const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_PAGE_TOKEN: TOKEN });
    try {
      await twoMeetings(nats.js);
      await page.goto(`${sink.url}/?token=${TOKEN}#/meetings/design`);
      await expectLines(
        page,
        [0, 1, 2, 3].map((i) => `${i % 2 ? 'Bob' : 'Alice'}: line ${i} of design`),
      );

      await page.fill('#search', 'LINE 2');
      await expectLines(page, ['Alice: line 2 of design']);
      expect(await page.textContent('#search-status')).toBe('1 of 4 lines match');
      expect(await page.$$eval('#transcript mark', (m) => m.map((x) => x.textContent))).toEqual(['line 2']);
      await page.fill('#search', 'bob');
      await expectLines(page, ['Bob: line 1 of design', 'Bob: line 3 of design']);
      // A line arriving while searching is filtered too.
      await publishSegments(nats.js, [segment('design', 4), segment('design', 5)]);
      await expect.poll(() => page.textContent('#search-status')).toBe('3 of 6 lines match');
      await page.fill('#search', '');
      expect(await shownLines(page)).toHaveLength(6);

      const links = await page.$$eval('#downloads a', (as) =>
        as.map((a) => [a.textContent, a.getAttribute('href')]),
      );
      expect(links.map(([label]) => label)).toEqual(['Text', 'WebVTT', 'SRT', 'JSONL']);
      for (const [, href] of links)
        expect(href).toMatch(new RegExp(`/api/meetings/design/download/\\w+\\?token=${TOKEN}$`));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#downloads a[data-format="txt"]'),
      ]);
      expect(download.suggestedFilename()).toBe('design.txt');
      const text = await readFile((await download.path()) as string, 'utf8');
      expect(text.split('\n')[0]).toBe('[00:00:00] Alice: line 0 of design');
      expect(text.trim().split('\n')).toHaveLength(6);
      for (const [, href] of links.slice(1)) {
        const res = await fetch(`${sink.url}${href}`);
        expect(res.status, href as string).toBe(200);
      }
    } finally {
      await page.close();
      await sink.close();
    }
  });

  natsTest(
    "live page - a stopped meeting links its recording's files on the media recorder, with the page's token",
    async ({ nats }) => {
      const page = await browser.newPage();
      const sink = await startSink(await nats.connect('sink'), {
        TRANSCRIPT_PAGE_TOKEN: TOKEN,
        RECORDINGS_URL: 'http://recorder.example:3004/',
      });
      try {
        await twoMeetings(nats.js);
        await putRecordingManifest(nats.jsm, nats.js, 'older1', ['audio.wav']);
        await page.goto(`${sink.url}/?token=${TOKEN}#/meetings/older1`);
        const recording = () =>
          page.$$eval('#recording:not([hidden]) a', (as) =>
            as.map((a) => [a.textContent, a.getAttribute('href')]),
          );
        await expect.poll(recording, { timeout: 10_000 }).toEqual([
          ['audio.wav', `http://recorder.example:3004/recordings/older1/audio.wav?token=${TOKEN}`],
          ['manifest.json', `http://recorder.example:3004/recordings/older1/manifest.json?token=${TOKEN}`],
        ]);
        expect(await page.isVisible('#recording')).toBe(true);
        // A live meeting has no finished recording: no links.
        await page.click('#meetings a[data-stream-id="design"]');
        await expect.poll(() => page.isVisible('#recording')).toBe(false);
        const res = await fetch(`${sink.url}/api/meetings?token=${TOKEN}`);
        const { meetings } = (await res.json()) as { meetings: { streamId: string; recording?: unknown }[] };
        expect(meetings.find((m) => m.streamId === 'design')?.recording).toBeUndefined();
      } finally {
        await page.close();
        await sink.close();
      }
    },
  );

  natsTest(
    'live page - follow-live stops when the reader scrolls up and resumes with the toggle',
    async ({ nats }) => {
      const page = await browser.newPage({ width: 900, height: 600 });
      const sink = await startSink(await nats.connect('sink'));
      try {
        const many = Array.from({ length: 40 }, (_, i) => segment('follow', i));
        await publishSegments(nats.js, many);
        await page.goto(`${sink.url}/#/meetings/follow`);
        await expect.poll(async () => (await shownLines(page)).length, { timeout: 10_000 }).toBe(40);
        const fromEnd = () =>
          page.$eval('#transcript-scroll', (b) => b.scrollHeight - b.scrollTop - b.clientHeight);
        const scrollTop = () => page.$eval('#transcript-scroll', (b) => b.scrollTop);
        await expect.poll(fromEnd).toBeLessThan(2);
        expect(await page.isChecked('#follow')).toBe(true);

        // The reader scrolls up: following stops, and new lines do not pull the view down.
        await page.hover('#transcript-scroll');
        await page.mouse.wheel(0, -5000);
        await expect.poll(() => page.isChecked('#follow')).toBe(false);
        await expect.poll(scrollTop).toBe(0);
        await publishSegments(nats.js, [segment('follow', 40), segment('follow', 41)]);
        await expect.poll(async () => (await shownLines(page)).length).toBe(42);
        expect(await scrollTop()).toBe(0);

        // The toggle brings the view to the end, and it follows new lines again.
        await page.check('#follow');
        await expect.poll(fromEnd).toBeLessThan(2);
        await publishSegments(nats.js, [segment('follow', 42)]);
        await expect.poll(async () => (await shownLines(page)).length).toBe(43);
        await expect.poll(fromEnd).toBeLessThan(2);
      } finally {
        await page.close();
        await sink.close();
      }
    },
  );

  natsTest('live page - on a phone-sized screen, with the keyboard alone', async ({ nats }) => {
    const page = await browser.newPage({ width: 375, height: 667 });
    const sink = await startSink(await nats.connect('sink'), { TRANSCRIPT_PAGE_TOKEN: TOKEN });
    try {
      await twoMeetings(nats.js);
      await page.goto(`${sink.url}/?token=${TOKEN}`);
      await page.locator('#meetings a[data-stream-id="design"]').waitFor();
      // Tab reaches the newest meeting first; Enter opens it and moves the focus to its transcript.
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('design');
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page)).toBe('transcript-title');
      await expectLines(
        page,
        [0, 1, 2, 3].map((i) => `${i % 2 ? 'Bob' : 'Alice'}: line ${i} of design`),
      );
      // Search, clear with Escape; the follow toggle with Space; a download with Enter.
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('search');
      await page.keyboard.type('line 3');
      await expectLines(page, ['Bob: line 3 of design']);
      await page.keyboard.press('Escape');
      await expect.poll(async () => (await shownLines(page)).length).toBe(4);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('follow');
      await page.keyboard.press('Space');
      expect(await page.isChecked('#follow')).toBe(false);
      await page.keyboard.press('Space');
      expect(await page.isChecked('#follow')).toBe(true);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('txt');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.suggestedFilename()).toBe('design.txt');
      for (const format of ['vtt', 'srt', 'jsonl']) {
        await page.keyboard.press('Tab');
        expect(await focused(page)).toBe(format);
      }
      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toBe('srt');

      // Narrow: one column, nothing wider than the screen, the list above the transcript.
      const layout = await page.$eval('html', (html) => ({
        overflow: html.scrollWidth - html.clientWidth,
        listBottom: html.querySelector('#meetings')?.getBoundingClientRect().bottom ?? 0,
        viewTop: html.querySelector('#transcript-view')?.getBoundingClientRect().top ?? 0,
      }));
      expect(layout.overflow).toBe(0);
      expect(layout.viewTop).toBeGreaterThanOrEqual(layout.listBottom);
      await page.locator(':focus').blur();
      await screenshot(page, 'live-page-phone.png');
    } finally {
      await page.close();
      await sink.close();
    }
  });
});
