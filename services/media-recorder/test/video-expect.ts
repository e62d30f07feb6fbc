import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type RecordingManifest, RecordingSubjects, Streams } from '@rtms/contracts';
import type { NatsContext } from '@rtms/testkit';
import { expect } from 'vitest';
import { frameCounters, probeMp4 } from './video-check.js';

// The MP4 of a recorded video or share track against what the connector stored for the recorder: every
// frame once (frame count), each at its own media time (the frame counter the simulator drew into it, one
// step per frame interval: video 5 fps, share 1 fps by default), consecutive across the recorder's kill (when
// there is one), hashes as in the manifest. Used for JPEG frames (encoded) and H.264 frames (remuxed).

export const FRAME_MS = { video: 200, share: 1000 } as const;

/**
 * An MP4 of the simulator's frames (128×24): timestamps from the frames, not arrival: frame n's time is (its
 * counter − the first's) × the interval, and the counters run on by one (no frame lost, none twice).
 */
export function expectFrames(local: string, kind: 'video' | 'share', frameMs: number) {
  const mp4 = probeMp4(local);
  expect([mp4.width, mp4.height]).toEqual([128, 24]);
  const counters = frameCounters(local, mp4.width, mp4.height);
  expect(counters.length).toBe(mp4.ptsMs.length);
  const steps = counters.slice(1).map((c, i) => c - (counters[i] as number));
  expect(
    steps.filter((s) => s !== 1),
    `${kind}: counter steps`,
  ).toEqual([]);
  const first = mp4.ptsMs[0] as number;
  const off = mp4.ptsMs.map(
    (p, i) => p - first - ((counters[i] as number) - (counters[0] as number)) * frameMs,
  );
  expect(
    off.filter((d) => d !== 0),
    `${kind}: frame times`,
  ).toEqual([]);
  return { mp4, counters };
}

export async function expectMp4(o: {
  nats: NatsContext;
  dir: string;
  manifest: RecordingManifest;
  kind: 'video' | 'share';
  /** When the recorder was SIGKILLed: the file must span it. */
  killedAt?: number;
  stoppedAt: number;
  /** The frame interval when not the default fps (video 200 ms, share 1000 ms). */
  frameMs?: number;
  /** Fewest frames RTMS_MEDIA must hold for the track (default: video 40, share 8, a 30 s meeting's). */
  minFrames?: number;
  /** Messages RTMS_MEDIA holds per frame (2: H.264 parameter sets sent apart, the simulator's peer variant). */
  messagesPerFrame?: number;
}): Promise<{ counters: number[]; ptsMs: number[]; profile: string }> {
  const { manifest, kind } = o;
  const frameMs = o.frameMs ?? FRAME_MS[kind];
  const name = `${manifest.streamId}/${kind}.mp4`;
  const file = manifest.files.find((f) => f.name === name);
  if (!file)
    throw new Error(`the manifest lists no ${name}: ${manifest.files.map((f) => f.name).join(', ')}`);
  const local = path.join(o.dir, name);
  const bytes = await readFile(local);
  expect([createHash('sha256').update(bytes).digest('hex'), bytes.length]).toEqual([file.sha256, file.bytes]);

  // Frames stored in RTMS_MEDIA for this track (a repeat has the same Nats-Msg-Id and is stored once).
  const subject = RecordingSubjects[kind](manifest.streamId);
  const info = await o.nats.jsm.streams.info(Streams.media, { subjects_filter: subject });
  const stored = (info.state.subjects?.[subject] ?? 0) / (o.messagesPerFrame ?? 1);
  const { mp4, counters } = expectFrames(local, kind, frameMs);
  expect(stored, kind).toBeGreaterThan(o.minFrames ?? (kind === 'video' ? 40 : 8));
  expect(
    Math.abs(mp4.ptsMs.length - stored),
    `${kind}: ${mp4.ptsMs.length} frames, ${stored} stored`,
  ).toBeLessThanOrEqual(1);
  expect(file.frames).toBe(mp4.ptsMs.length);
  expect(Math.abs(mp4.durationMs - file.durationMs), kind).toBeLessThanOrEqual(2);
  expect(file.format).toBe('video/mp4;codec=avc1;width=128;height=24');
  // The file starts at its first frame's media time (and spans the kill).
  const start = file.startTimestamp as number;
  expect(start).toBeGreaterThanOrEqual(manifest.startTimestamp);
  if (o.killedAt !== undefined) {
    expect(o.killedAt - manifest.startTimestamp).toBeGreaterThan(start - manifest.startTimestamp);
    expect(start - manifest.startTimestamp + file.durationMs).toBeGreaterThan(
      o.killedAt - manifest.startTimestamp + 3000,
    );
  }
  expect(start + file.durationMs).toBeLessThanOrEqual(manifest.endTimestamp + frameMs);
  return { counters, ptsMs: mp4.ptsMs, profile: mp4.profile };
}
