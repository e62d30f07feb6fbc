import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RecorderClosedError } from '../errors.js';

// The MP4s of running recordings (GET /recordings/<id>/video.mp4 before it is finalised), made on request
// from the parts stored so far and kept in a temporary folder: one file per recording, kind and set of
// stored parts (the parts' names are the key: a new part means a new file). Bounded work and space:
// concurrent requests for the same file and parts share one build; one build per file at a time (a newer set
// of parts waits for the build before it, and a still newer set asked meanwhile takes its place: those
// waiting get the newest file, and a file never has more than one build waiting); at most `maxBuilds`
// builds at once in this replica (the others queue); the folder holds at most `maxBytes` of files not being
// served, and nothing unused for `maxAgeMs` (least recently used files go first; a superseded file or one
// being served is removed once its last reader is done). The folder is removed at close.

/** A built MP4: where it is and what the list and the response say of it. */
export interface BuiltMp4 {
  path: string;
  bytes: number;
  sha256: string;
  durationMs: number;
  frames: number;
  /** Media time of its first frame. */
  startTimestamp: number;
}

/** A built MP4 held for one response: removing it waits for `release`. */
export interface Mp4Lease {
  file: BuiltMp4;
  release(): void;
}

/** Makes the MP4 at `out`; undefined when there is no frame to make one of. */
export type Mp4Build = (out: string) => Promise<Omit<BuiltMp4, 'path'> | undefined>;

export interface LiveMp4CacheOptions {
  /** Builds at once in this replica. */
  maxBuilds: number;
  /** Bytes of cached files not being served. */
  maxBytes: number;
  /** A file unused for this long is removed. */
  maxAgeMs: number;
  /** Folder to make the temporary folder in (default the OS's). */
  parent?: string;
}

interface Entry {
  file: string;
  /** The sets of parts it answers (more than one when a newer set took a waiting build's place). */
  keys: string[];
  /** The build of the newest set asked for; called when the build starts. */
  make: Mp4Build;
  started: boolean;
  /** Its build ended (with a file, none, or an error). */
  settled: boolean;
  ready: Promise<BuiltMp4 | undefined>;
  built?: BuiltMp4;
  /** The build ended with a file or with none (no frame). */
  done: boolean;
  readers: number;
  usedAt: number;
}

export class LiveMp4Cache {
  private readonly entries = new Map<string, Entry>();
  /** The newest entry asked for per file: its build is the one a newer set of parts waits for. */
  private readonly latest = new Map<string, Entry>();
  private dir: Promise<string> | undefined;
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private serial = 0;
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;
  /** Builds started (cache hits and shared builds do not count). */
  builds = 0;

  constructor(private readonly o: LiveMp4CacheOptions) {
    this.sweeper = setInterval(() => this.evict(), Math.max(1000, o.maxAgeMs / 2));
    this.sweeper.unref();
  }

  /**
   * The MP4 of `file` made of `parts` (the names of the stored parts it is made of): the cached one, the
   * build in progress, or a new build by `build`. Undefined when `build` found no frame. Release the lease
   * when the response is sent.
   */
  async open(file: string, parts: string[], build: Mp4Build): Promise<Mp4Lease | undefined> {
    if (this.closed) throw new RecorderClosedError();
    const key = `${file}\n${createHash('sha256').update(parts.join('\n')).digest('hex')}`;
    let entry = this.entries.get(key);
    const before = this.latest.get(file);
    if (!entry && before && !before.started) {
      // A build of this file waits still: it makes this newer set instead, for everyone waiting.
      before.make = build;
      before.keys.push(key);
      this.entries.set(key, before);
      entry = before;
    }
    if (!entry) {
      const e: Entry = {
        file,
        keys: [key],
        make: build,
        started: false,
        settled: false,
        done: false,
        readers: 0,
        usedAt: Date.now(),
        ready: Promise.resolve(undefined),
      };
      e.ready = this.build(e, before);
      this.entries.set(key, e);
      this.latest.set(file, e);
      entry = e;
    }
    entry.readers += 1;
    entry.usedAt = Date.now();
    let built: BuiltMp4 | undefined;
    try {
      built = await entry.ready;
    } catch (err) {
      this.release(entry);
      throw err;
    }
    if (!built) {
      this.release(entry);
      return undefined;
    }
    const held = entry;
    let released = false;
    return {
      file: built,
      release: () => {
        if (released) return;
        released = true;
        this.release(held);
      },
    };
  }

  /** Removes every file and the folder; waits for the builds in progress. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    await Promise.allSettled([...new Set(this.entries.values())].map((e) => e.ready));
    this.entries.clear();
    this.latest.clear();
    const dir = await this.dir?.catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  private async build(e: Entry, before: Entry | undefined): Promise<BuiltMp4 | undefined> {
    // One build per file at a time: a newer set of parts waits for the build before it. Without a wait the
    // build starts now (before open returns), so a request right after it does not change what it makes.
    if (before && !before.settled) await before.ready.catch(() => undefined);
    if (this.running < this.o.maxBuilds) this.running += 1;
    else await this.slot();
    e.started = true;
    try {
      this.dir ??= mkdtemp(path.join(this.o.parent ?? tmpdir(), 'rtms-live-mp4-')).catch((err: unknown) => {
        this.dir = undefined;
        throw err;
      });
      const out = path.join(await this.dir, `${++this.serial}.mp4`);
      this.builds += 1;
      const made = await e.make(out).catch(async (err: unknown) => {
        await rm(out, { force: true });
        throw err;
      });
      if (made) e.built = { ...made, path: out };
      e.done = true;
      return e.built;
    } catch (err) {
      // A failed build is not kept: the next request tries again.
      this.forget(e);
      throw err;
    } finally {
      e.settled = true;
      this.running -= 1;
      this.queue.shift()?.();
      this.evict();
    }
  }

  /** Waits for a free build slot (taken when given). */
  private slot(): Promise<void> {
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.running += 1;
        resolve();
      }),
    );
  }

  private release(e: Entry): void {
    e.readers -= 1;
    e.usedAt = Date.now();
    this.evict();
  }

  /**
   * Removes files no one reads that are superseded (a newer set of parts of the same file is built), unused
   * for maxAgeMs, or beyond maxBytes (least recently used first).
   */
  private evict(): void {
    const now = Date.now();
    const idle = [...new Set(this.entries.values())].filter((e) => e.done && e.readers === 0);
    const drop = new Set<Entry>();
    for (const e of idle) {
      const newest = this.latest.get(e.file);
      if ((newest !== e && newest?.done) || now - e.usedAt > this.o.maxAgeMs) drop.add(e);
    }
    let bytes = idle.filter((e) => !drop.has(e)).reduce((n, e) => n + (e.built?.bytes ?? 0), 0);
    for (const e of idle.sort((a, b) => a.usedAt - b.usedAt)) {
      if (bytes <= this.o.maxBytes) break;
      if (drop.has(e)) continue;
      drop.add(e);
      bytes -= e.built?.bytes ?? 0;
    }
    for (const e of drop) {
      this.forget(e);
      if (this.latest.get(e.file) === e) this.latest.delete(e.file);
      const file = e.built?.path;
      if (file) void rm(file, { force: true });
    }
  }

  private forget(e: Entry): void {
    for (const key of e.keys) if (this.entries.get(key) === e) this.entries.delete(key);
  }
}
