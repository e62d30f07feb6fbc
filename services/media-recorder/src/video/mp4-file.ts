import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordingManifest } from '@rtms/contracts';
import { MediaEncodeError } from '../errors.js';
import type { RecordingStore } from '../store.js';
import { runFfmpeg } from './ffmpeg.js';
import { frameDurations } from './frame-times.js';
import { imageSize } from './image-size.js';
import { unpackFrames } from './image-track.js';

// A video or share track's JPEG or PNG frames to an MP4 whose timestamps are the frames' own (Zoom's, not
// arrival; H.264 frames are remuxed instead, h264-mp4.ts): the stored parts are unpacked into one image file
// per frame in a temporary folder, listed for ffmpeg's concat demuxer with each frame's duration (the gap to
// the next frame's timestamp), and encoded to H.264 with timestamps passed through (variable frame rate, 1 ms
// time base). The last frame lasts the usual gap (the median); the nominal rate given to each image
// (`option framerate`) only sets packet durations.

export interface StoredImagePart {
  name: string;
  first: number;
  last: number;
}

type ManifestFile = RecordingManifest['files'][number];

export async function writeMp4(o: {
  name: string;
  format: string;
  parts: StoredImagePart[];
  store: Pick<RecordingStore, 'getBlob' | 'putFile'>;
  ffmpeg: string;
  timeoutMs: number;
}): Promise<ManifestFile | undefined> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rtms-mp4-'));
  try {
    const ext = o.format === 'image/png' ? 'png' : 'jpg';
    const stamps: number[] = [];
    let size: { width: number; height: number } | undefined;
    for (const part of [...o.parts].sort((a, b) => a.first - b.first)) {
      for (const frame of unpackFrames(await o.store.getBlob(part.name))) {
        if (frame.timestamp <= (stamps.at(-1) ?? Number.NEGATIVE_INFINITY)) continue;
        size ??= imageSize(frame.data);
        await writeFile(path.join(dir, `f${String(stamps.length).padStart(7, '0')}.${ext}`), frame.data);
        stamps.push(frame.timestamp);
      }
    }
    if (stamps.length === 0) return undefined;
    if (!size) throw new MediaEncodeError(o.name, 'the first frame is not a JPEG or PNG image');
    const { durations, usual } = frameDurations(stamps);
    const rate = `${Math.round(1_000_000 / usual)}/1000`;
    const lines = ['ffconcat version 1.0'];
    durations.forEach((ms, i) => {
      lines.push(
        `file 'f${String(i).padStart(7, '0')}.${ext}'`,
        `option framerate ${rate}`,
        `duration ${ms / 1000}`,
      );
    });
    await writeFile(path.join(dir, 'frames.ffconcat'), `${lines.join('\n')}\n`);
    // H.264 in yuv420p needs even sizes; every frame is scaled to the first frame's.
    const w = Math.max(2, size.width - (size.width % 2));
    const h = Math.max(2, size.height - (size.height % 2));
    const out = path.join(dir, 'out.mp4');
    // biome-ignore format: one option per line reads best
    const args = [
      '-f', 'concat', '-safe', '0', '-i', path.join(dir, 'frames.ffconcat'),
      '-fps_mode', 'passthrough',
      '-vf', `scale=${w}:${h},format=yuv420p`,
      '-c:v', 'libx264', '-preset', 'veryfast',
      '-video_track_timescale', '1000',
      '-movflags', '+faststart',
      '-y', out,
    ];
    await runFfmpeg(o.ffmpeg, args, o.timeoutMs).catch((cause: unknown) => {
      throw new MediaEncodeError(o.name, (cause as Error).message, { cause });
    });
    const file = await o.store.putFile(o.name, () => createReadStream(out, { highWaterMark: 256 * 1024 }));
    const first = stamps[0] as number;
    return {
      name: o.name,
      format: `video/mp4;codec=avc1;width=${w};height=${h}`,
      durationMs: (stamps.at(-1) as number) - first + usual,
      bytes: file.bytes,
      sha256: file.sha256,
      startTimestamp: first,
      frames: stamps.length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
