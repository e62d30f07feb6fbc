import type { RecordingManifest } from '@rtms/contracts';
import type { Logger } from 'pino';
import { FfmpegMissingError } from '../errors.js';
import type { RecordingStore, StoredImagePart } from '../store.js';
import { H264_FORMAT, writeH264Mp4 } from './h264-mp4.js';
import { writeMp4 } from './mp4-file.js';

// The MP4 of one video or share track from its stored parts, finalised or running alike: H.264 frames
// remuxed (h264-mp4.ts, no ffmpeg needed), JPEG/PNG frames encoded by ffmpeg (mp4-file.ts).

/**
 * Writes `name` through `store.putFile`; undefined when no frame could go in. Throws FfmpegMissingError for
 * JPEG/PNG without ffmpeg, MediaEncodeError when ffmpeg fails.
 */
export function writeTrackMp4(o: {
  name: string;
  format: string;
  parts: StoredImagePart[];
  store: Pick<RecordingStore, 'getBlob' | 'putFile'>;
  ffmpeg: string | undefined;
  timeoutMs: number;
  log: Logger;
}): Promise<RecordingManifest['files'][number] | undefined> {
  const { name, format, parts, store, ffmpeg, timeoutMs, log } = o;
  if (format === H264_FORMAT) return writeH264Mp4({ name, parts, store, log });
  if (!ffmpeg) return Promise.reject(new FfmpegMissingError(name));
  return writeMp4({ name, format, parts, store, ffmpeg, timeoutMs });
}
