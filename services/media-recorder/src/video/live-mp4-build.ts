import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { Logger } from 'pino';
import { FfmpegMissingError } from '../errors.js';
import type { RecordingStore, StoredImagePart, WrittenFile } from '../store.js';
import { H264_FORMAT } from './h264-mp4.js';
import type { Mp4Build } from './live-mp4-cache.js';
import { writeTrackMp4 } from './track-mp4.js';

// A running recording's MP4 made by the code that makes the finalised one (track-mp4.ts), from the parts
// stored so far: the same format and timestamps.
// Only the output differs: a local file for the live MP4 cache instead of the bucket.

/** A running ffmpeg encode may take this long (the finalised file's may take 30 min). */
const LIVE_FFMPEG_TIMEOUT_MS = 120_000;

/** The store's reads, with writes going to the local file `out`. */
function toFile(store: Pick<RecordingStore, 'getBlob'>, out: string) {
  return {
    getBlob: (name: string) => store.getBlob(name),
    async putFile(name: string, chunks: () => AsyncIterable<Uint8Array>): Promise<WrittenFile> {
      const hash = createHash('sha256');
      let bytes = 0;
      const file = createWriteStream(out);
      const failed = new Promise<never>((_, reject) => file.once('error', reject));
      failed.catch(() => undefined);
      try {
        for await (const chunk of chunks()) {
          hash.update(chunk);
          bytes += chunk.length;
          if (!file.write(chunk))
            await Promise.race([new Promise<void>((resolve) => file.once('drain', resolve)), failed]);
        }
      } finally {
        await Promise.race([new Promise<void>((resolve) => file.end(resolve)), failed]);
      }
      return { name, bytes, sha256: hash.digest('hex') };
    },
  };
}

/**
 * The build of `name` (`<id>/video.mp4`, `share.mp4`) of a track in `format` from its stored `parts`; throws
 * FfmpegMissingError at once for JPEG/PNG without ffmpeg, MediaEncodeError when ffmpeg fails.
 */
export function liveMp4Build(o: {
  name: string;
  format: string;
  parts: StoredImagePart[];
  store: Pick<RecordingStore, 'getBlob'>;
  ffmpeg: string | undefined;
  log: Logger;
}): Mp4Build {
  // At once, before the cache gives the build a turn.
  if (o.format !== H264_FORMAT && !o.ffmpeg) throw new FfmpegMissingError(o.name);
  return async (out) => {
    const file = await writeTrackMp4({
      ...o,
      store: toFile(o.store, out),
      timeoutMs: LIVE_FFMPEG_TIMEOUT_MS,
    });
    if (!file) return undefined;
    return {
      bytes: file.bytes,
      sha256: file.sha256,
      durationMs: file.durationMs,
      frames: file.frames ?? 0,
      startTimestamp: file.startTimestamp ?? 0,
    };
  };
}
