import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectInfo, ObjectStore } from '@nats-io/obj';
import { RecordingStoreError } from './errors.js';

// The recordings bucket (NATS object store `rtms-recordings`) and the optional local folder. Layout per
// rtms_stream_id: `<id>/parts/<first sample>-<end sample>.pcm` (checkpointed audio of a running recording;
// `<id>/parts/u-<speaker>/…` for one speaker's track when audio is per participant),
// `<id>/state.json` (where sample 0 is, the format), then `<id>/audio.wav` and `<id>/manifest.json` when it
// is finalised (the parts are deleted after). Names are deterministic, so a part stored again after a crash
// replaces itself with the same bytes.

const PART = /^([A-Za-z0-9_-]+)\/parts\/(?:u-([A-Za-z0-9_-]+)\/)?(\d{12})-(\d{12})\.pcm$/;
const IMAGE_PART = /^([A-Za-z0-9_-]+)\/parts\/(video|share)\/(\d{15})-(\d{15})\.frames$/;
/** A recording's own file: `<id>/state.json`, `<id>/manifest.json`. */
const FILE = /^([A-Za-z0-9_-]+)\/(state\.json|manifest\.json)$/;
const pad = (n: number) => String(n).padStart(12, '0');

/** A part of the mixed track, or of one speaker's track (`speaker`: userKey of the user id). */
export const partName = (streamId: string, start: number, end: number, speaker?: string) =>
  `${streamId}/parts/${speaker === undefined ? '' : `u-${speaker}/`}${pad(start)}-${pad(end)}.pcm`;
/** A part of a video or share track: frames from `first` to `last` (their timestamps). */
export const imagePartName = (streamId: string, kind: ImageKind, first: number, last: number) =>
  `${streamId}/parts/${kind}/${String(first).padStart(15, '0')}-${String(last).padStart(15, '0')}.frames`;
export const stateName = (streamId: string) => `${streamId}/state.json`;

export type ImageKind = 'video' | 'share';

export interface StoredImagePart {
  name: string;
  kind: ImageKind;
  first: number;
  last: number;
}

export interface StoredPart {
  name: string;
  start: number;
  end: number;
  /** The speaker's key for a per-speaker part; undefined for the mixed track. */
  speaker?: string;
}

/** An audio part's stream id and span, from its object name; undefined for any other object. */
export function audioPartOf(name: string): (StoredPart & { streamId: string }) | undefined {
  const p = PART.exec(name);
  if (!p) return undefined;
  const part = { streamId: p[1] as string, name, start: Number(p[3]), end: Number(p[4]) };
  return p[2] === undefined ? part : { ...part, speaker: p[2] };
}

/** A video or share part's stream id, kind and frame span, from its object name; undefined for any other. */
export function imagePartOf(name: string): (StoredImagePart & { streamId: string }) | undefined {
  const i = IMAGE_PART.exec(name);
  if (!i) return undefined;
  return { streamId: i[1] as string, name, kind: i[2] as ImageKind, first: Number(i[3]), last: Number(i[4]) };
}

/** What the bucket holds, grouped by rtms_stream_id: parts (sorted), state.json and manifest.json objects. */
export interface StoredIndex {
  parts: Map<string, StoredPart[]>;
  images: Map<string, StoredImagePart[]>;
  states: Map<string, ObjectInfo>;
  manifests: Map<string, ObjectInfo>;
}

/** A file written to the bucket (and the folder), with what the manifest says of it. */
export interface WrittenFile {
  name: string;
  bytes: number;
  sha256: string;
}

export class RecordingStore {
  constructor(
    private readonly os: ObjectStore,
    private readonly dir: string | undefined,
  ) {}

  /** The bucket's objects by recording (one list of the bucket). */
  async index(): Promise<StoredIndex> {
    const index: StoredIndex = {
      parts: new Map(),
      images: new Map(),
      states: new Map(),
      manifests: new Map(),
    };
    const add = <T>(map: Map<string, T[]>, id: string, item: T) => {
      const list = map.get(id);
      if (list) list.push(item);
      else map.set(id, [item]);
    };
    for (const info of await this.list()) {
      const p = audioPartOf(info.name);
      if (p) {
        const { streamId, ...part } = p;
        add(index.parts, streamId, part);
      }
      const i = imagePartOf(info.name);
      if (i) {
        const { streamId, ...part } = i;
        add(index.images, streamId, part);
      }
      const f = FILE.exec(info.name);
      if (f?.[2] === 'state.json') index.states.set(f[1] as string, info);
      else if (f?.[2] === 'manifest.json') index.manifests.set(f[1] as string, info);
    }
    for (const list of index.parts.values()) list.sort((a, b) => a.start - b.start);
    for (const list of index.images.values()) list.sort((a, b) => a.first - b.first);
    return index;
  }

  /** Every object in the bucket (not deleted ones). */
  async list(): Promise<ObjectInfo[]> {
    const all = await this.os.list().catch((cause: unknown) => {
      throw new RecordingStoreError('list', '*', { cause });
    });
    return all.filter((info) => !info.deleted);
  }

  /** An object's description, or undefined when there is none. */
  async info(name: string): Promise<ObjectInfo | undefined> {
    const info = await this.os.info(name).catch((cause: unknown) => {
      throw new RecordingStoreError('get', name, { cause });
    });
    return info && !info.deleted ? info : undefined;
  }

  async putBlob(name: string, data: Uint8Array): Promise<void> {
    await this.os.putBlob({ name }, data).catch((cause: unknown) => {
      throw new RecordingStoreError('put', name, { cause });
    });
  }

  async getJson<T>(name: string): Promise<T | undefined> {
    const data = await this.os.getBlob(name).catch((cause: unknown) => {
      throw new RecordingStoreError('get', name, { cause });
    });
    return data ? (JSON.parse(new TextDecoder().decode(data)) as T) : undefined;
  }

  async getBlob(name: string): Promise<Uint8Array> {
    const data = await this.os.getBlob(name).catch((cause: unknown) => {
      throw new RecordingStoreError('get', name, { cause });
    });
    if (!data) throw new RecordingStoreError('get', name, { cause: new Error('no such object') });
    return data;
  }

  async delete(name: string): Promise<void> {
    await this.os.delete(name).catch((cause: unknown) => {
      throw new RecordingStoreError('delete', name, { cause });
    });
  }

  /**
   * Stores a file made of `chunks` (read one at a time) in the bucket and, with a folder, as
   * `<dir>/<name>` (written to a temporary name, renamed when complete). Returns its size and SHA-256.
   */
  async putFile(name: string, chunks: () => AsyncIterable<Uint8Array>): Promise<WrittenFile> {
    const hash = createHash('sha256');
    let bytes = 0;
    let file: WriteStream | undefined;
    const target = this.dir ? path.join(this.dir, name) : undefined;
    if (target) {
      await mkdir(path.dirname(target), { recursive: true });
      file = createWriteStream(`${target}.partial`);
    }
    const iterator = chunks()[Symbol.asyncIterator]();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        hash.update(next.value);
        bytes += next.value.length;
        if (file && !file.write(next.value))
          await new Promise<void>((resolve) => file?.once('drain', resolve));
        controller.enqueue(next.value);
      },
    });
    try {
      await this.os.put({ name }, stream);
    } catch (cause) {
      file?.destroy();
      throw new RecordingStoreError('put', name, { cause });
    }
    if (file && target) {
      const done = file;
      await new Promise<void>((resolve, reject) => {
        done.once('error', reject);
        done.end(() => resolve());
      });
      await rename(`${target}.partial`, target);
    }
    return { name, bytes, sha256: hash.digest('hex') };
  }
}
