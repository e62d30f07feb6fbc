import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@rtms/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { RecorderClosedError } from '../errors.js';
import { LiveMp4Cache, type Mp4Build } from './live-mp4-cache.js';

// The live MP4 cache with builds the test controls: each build writes its content to the file it is given and
// waits until the test lets it finish, so "at once" and "after" are facts of the test, not of timing.

const parents: string[] = [];
const caches: LiveMp4Cache[] = [];
afterEach(async () => {
  for (const c of caches.splice(0)) await c.close();
  for (const p of parents.splice(0)) await rm(p, { recursive: true, force: true });
});

async function cacheOf(o: { maxBuilds?: number; maxBytes?: number } = {}) {
  const parent = await mkdtemp(path.join(tmpdir(), 'live-mp4-test-'));
  parents.push(parent);
  const cache = new LiveMp4Cache({
    maxBuilds: o.maxBuilds ?? 2,
    maxBytes: o.maxBytes ?? 1_000_000,
    maxAgeMs: 60_000,
    parent,
  });
  caches.push(cache);
  return { cache, parent, files: () => readdir(parent) };
}

/** Builds that write `content` and finish when `finish(content)` is called (or at once with `now`). */
function builds() {
  const started: string[] = [];
  const waiting = new Map<string, () => void>();
  const build =
    (content: string, now = false): Mp4Build =>
    async (out) => {
      started.push(content);
      await writeFile(out, content);
      if (!now) await new Promise<void>((resolve) => waiting.set(content, resolve));
      return { bytes: content.length, sha256: content, durationMs: 1000, frames: 5, startTimestamp: 1 };
    };
  const finish = async (content: string) => {
    await waitFor(() => waiting.has(content), { what: `build ${content} started` });
    waiting.get(content)?.();
  };
  return { build, started, finish };
}

const read = async (lease: { file: { path: string } } | undefined) =>
  (await readFile(lease?.file.path as string)).toString('utf8');

describe('live-mp4-cache - MP4s of running recordings', () => {
  it('live-mp4-cache - the same parts give the same file: built once, then served from the cache', async () => {
    const { cache } = await cacheOf();
    const b = builds();
    const first = await cache.open('s1/video.mp4', ['p1', 'p2'], b.build('A', true));
    first?.release();
    const again = await cache.open('s1/video.mp4', ['p1', 'p2'], b.build('B', true));
    expect(await read(again)).toBe('A');
    expect(again?.file.path).toBe(first?.file.path);
    expect([cache.builds, b.started]).toEqual([1, ['A']]);
    again?.release();
  });

  it('live-mp4-cache - a new part means a new build; the old file goes once no one reads it', async () => {
    const { cache } = await cacheOf();
    const b = builds();
    const old = await cache.open('s1/share.mp4', ['p1'], b.build('A', true));
    const grown = await cache.open('s1/share.mp4', ['p1', 'p2'], b.build('B', true));
    expect([await read(old), await read(grown), cache.builds]).toEqual(['A', 'B', 2]);
    // Read by a response still: kept until released.
    expect(existsSync(old?.file.path as string)).toBe(true);
    old?.release();
    expect(await waitFor(() => !existsSync(old?.file.path as string), { what: 'old file removed' })).toBe(
      true,
    );
    expect(existsSync(grown?.file.path as string)).toBe(true);
    grown?.release();
    // Another recording's file is its own.
    const other = await cache.open('s2/share.mp4', ['p1'], b.build('C', true));
    expect(await read(other)).toBe('C');
    other?.release();
  });

  it('live-mp4-cache - concurrent requests share one build; one build per file at a time', async () => {
    const { cache } = await cacheOf();
    const b = builds();
    const asked = [1, 2, 3].map(() => cache.open('s1/video.mp4', ['p1'], b.build('A')));
    // A new part while A is being built: its build waits for A's.
    const newer = cache.open('s1/video.mp4', ['p1', 'p2'], b.build('B'));
    await b.finish('A');
    const leases = await Promise.all(asked);
    expect(await Promise.all(leases.map(read))).toEqual(['A', 'A', 'A']);
    expect(b.started).toEqual(['A', 'B']);
    await b.finish('B');
    const latest = await newer;
    expect(await read(latest)).toBe('B');
    expect(cache.builds).toBe(2);
    for (const l of [...leases, latest]) l?.release();
  });

  it('live-mp4-cache - a newer set of parts asked while one waits takes its place: one build waits per file', async () => {
    const { cache } = await cacheOf();
    const b = builds();
    const running = cache.open('s1/video.mp4', ['p1'], b.build('A'));
    const waiting = cache.open('s1/video.mp4', ['p1', 'p2'], b.build('B'));
    const newest = cache.open('s1/video.mp4', ['p1', 'p2', 'p3'], b.build('C'));
    await b.finish('A');
    await b.finish('C');
    const leases = await Promise.all([running, waiting, newest]);
    // B was never built: whoever waited for it gets C, the newer file.
    expect(await Promise.all(leases.map(read))).toEqual(['A', 'C', 'C']);
    expect([b.started, cache.builds]).toEqual([['A', 'C'], 2]);
    const again = await cache.open('s1/video.mp4', ['p1', 'p2'], b.build('D', true));
    expect(await read(again)).toBe('C');
    for (const l of [...leases, again]) l?.release();
  });

  it('live-mp4-cache - at most maxBuilds at once; the others queue', async () => {
    const { cache } = await cacheOf({ maxBuilds: 1 });
    const b = builds();
    const one = cache.open('s1/video.mp4', ['p1'], b.build('A'));
    const two = cache.open('s2/video.mp4', ['p1'], b.build('B'));
    await waitFor(() => b.started.length === 1, { what: 'the first build' });
    expect(b.started).toEqual(['A']);
    await b.finish('A');
    await b.finish('B');
    expect([await read(await one), await read(await two)]).toEqual(['A', 'B']);
  });

  it('live-mp4-cache - beyond maxBytes the least recently used file no one reads goes', async () => {
    const { cache } = await cacheOf({ maxBytes: 4 });
    const b = builds();
    const a = await cache.open('s1/video.mp4', ['p1'], b.build('AAA', true));
    a?.release();
    const c = await cache.open('s2/video.mp4', ['p1'], b.build('CCC', true));
    // Files being served do not count: both are kept while C is read.
    expect([existsSync(a?.file.path as string), existsSync(c?.file.path as string)]).toEqual([true, true]);
    c?.release();
    expect(await waitFor(() => !existsSync(a?.file.path as string), { what: 'LRU file removed' })).toBe(true);
    expect(existsSync(c?.file.path as string)).toBe(true);
    // Asked again: built again.
    const again = await cache.open('s1/video.mp4', ['p1'], b.build('AAA', true));
    expect(cache.builds).toBe(3);
    again?.release();
  });

  it('live-mp4-cache - a failed build is not kept, no frame is no file, close removes the folder', async () => {
    const { cache, files } = await cacheOf();
    const failing: Mp4Build = async () => {
      throw new Error('ffmpeg failed');
    };
    await expect(cache.open('s1/video.mp4', ['p1'], failing)).rejects.toThrow('ffmpeg failed');
    const b = builds();
    const ok = await cache.open('s1/video.mp4', ['p1'], b.build('A', true));
    expect(await read(ok)).toBe('A');
    ok?.release();
    expect(await cache.open('s3/video.mp4', ['p1'], async () => undefined)).toBeUndefined();
    expect((await files()).length).toBe(1);
    await cache.close();
    expect(await files()).toEqual([]);
    await expect(cache.open('s1/video.mp4', ['p1'], b.build('A', true))).rejects.toThrow(RecorderClosedError);
  });
});
