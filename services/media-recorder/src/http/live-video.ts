import type { Logger } from 'pino';
import type { RecordingState } from '../recording.js';
import { type ImageKind, type RecordingStore, stateName } from '../store.js';
import { liveMp4Build } from '../video/live-mp4-build.js';
import type { LiveMp4Cache, Mp4Build, Mp4Lease } from '../video/live-mp4-cache.js';

// GET /recordings/<id>/video.mp4 (share.mp4) of a running recording: the MP4 of the frames stored so far,
// from the live MP4 cache (made on request from the stored parts, by the code that finalises).

export const LIVE_VIDEO = /^(video|share)\.mp4$/;

export interface LiveVideoDeps {
  store: RecordingStore;
  cache: LiveMp4Cache;
  ffmpeg: string | undefined;
  log: Logger;
}

/**
 * The running recording's `video.mp4` or `share.mp4` as it stands, held for one response; undefined when the
 * recording is not running or has no frame of that kind stored. Throws FfmpegMissingError (JPEG/PNG without
 * ffmpeg), MediaEncodeError (ffmpeg failed) and RecordingStoreError.
 */
export async function liveVideo(d: LiveVideoDeps, id: string, file: string): Promise<Mp4Lease | undefined> {
  const kind = LIVE_VIDEO.exec(file)?.[1] as ImageKind | undefined;
  if (!kind) return undefined;
  const state = await d.store.getJson<RecordingState>(stateName(id));
  const format = state?.images?.[kind];
  if (!state || state.final || !format) return undefined;
  const parts = ((await d.store.index()).images.get(id) ?? []).filter((p) => p.kind === kind);
  if (parts.length === 0) return undefined;
  const name = `${id}/${file}`;
  const make = liveMp4Build({ name, format, parts, store: d.store, ffmpeg: d.ffmpeg, log: d.log });
  const build: Mp4Build = async (out) => {
    const started = performance.now();
    const made = await make(out);
    const buildMs = Math.round(performance.now() - started);
    d.log.info(
      { file: name, parts: parts.length, frames: made?.frames, bytes: made?.bytes, buildMs },
      'running recording MP4 made',
    );
    return made;
  };
  return d.cache.open(
    name,
    parts.map((p) => p.name),
    build,
  );
}
