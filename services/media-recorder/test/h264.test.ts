import { isolatedNatsTest } from '@rtms/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cleanup, startRecordingRig, waitUntil } from './meeting-harness.js';
import { SCRIPTED_MEETING } from './signal.js';
import { ffmpegMissing } from './video-check.js';
import { expectMp4 } from './video-expect.js';

// Issue 14's H.264 video and share: the simulator sends real H.264 (codec 7: every frame an IDR of I_PCM
// macroblocks showing its frame counter), the connector records it (RTMS_VIDEO_CODEC / RTMS_SHARE_CODEC
// h264, above JPEG's frame rates), the recorder remuxes the frames into MP4s without re-encoding, with the
// frames' own timestamps. Share's parameter sets come as a message of their own before each IDR slice, with
// the same timestamp (peer variant h264ParameterSetsApart): both are stored and joined into one sample.

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const MEETING_MS = 9000;
/** Video at 10 fps and share at 2 fps: rates JPEG may not use (5 and 1 fps at most). */
const FPS = { video: 10, share: 2 } as const;

describe('media-recorder - H.264', () => {
  if (ffmpegMissing) it.skip(`media-recorder - H.264 to MP4: not checked, ${ffmpegMissing}`, () => undefined);
  else
    isolatedNatsTest(
      `media-recorder - simulator H.264 video (${FPS.video} fps) and share (${FPS.share} fps, parameter sets apart) remuxed to MP4, ${MEETING_MS / 1000} s meeting: frames, counters, pts, hashes`,
      async ({ nats }) => {
        const rig = await startRecordingRig({
          nats,
          cleanups,
          simPeer: { h264ParameterSetsApart: ['share'] },
          connectorEnv: {
            RTMS_MEDIA_TYPES: 'audio,video,share',
            RTMS_VIDEO_CODEC: 'h264',
            RTMS_VIDEO_FPS: String(FPS.video),
            RTMS_SHARE_CODEC: 'h264',
            RTMS_SHARE_FPS: String(FPS.share),
          },
        });
        const recorder = await rig.startRecorder('recorder-h264');
        const startedAt = Date.now();
        const { streamId } = await rig.startMeeting({
          ...SCRIPTED_MEETING,
          media: { audio: true, video: true, deskshare: true },
        });
        await waitUntil(startedAt, MEETING_MS, 'the meeting');
        const { manifest, stoppedAt } = await rig.stopStream(streamId);
        expect(manifest.files.map((f) => f.name).sort()).toEqual(
          ['audio.wav', 'share.mp4', 'video.mp4'].map((f) => `${streamId}/${f}`),
        );
        for (const kind of ['video', 'share'] as const) {
          const frameMs = 1000 / FPS[kind];
          const file = manifest.files.find((f) => f.name === `${streamId}/${kind}.mp4`);
          if (!file) throw new Error(`no ${kind}.mp4`);
          await rig.storedBytes(file);
          const { counters, profile } = await expectMp4({
            nats,
            dir: rig.dir,
            manifest,
            kind,
            stoppedAt,
            frameMs,
            minFrames: ((MEETING_MS - 3000) / frameMs) | 0,
            messagesPerFrame: kind === 'share' ? 2 : 1,
          });
          // The simulator's bytes, not an encoder's: its SPS says Constrained Baseline (libx264 would not).
          expect(profile, kind).toBe('Constrained Baseline');
          // The counters run from the stream's first frame (0) to the last, no gap.
          expect(counters[0], kind).toBe(0);
          expect(counters.at(-1), kind).toBe(counters.length - 1);
          expect(file.durationMs).toBe(counters.length * frameMs);
        }
        // Every frame was recorded: none warned about as not recordable, none left out.
        expect(recorder.lines.filter((l) => /not recorded|left out|broken H\.264/.test(l))).toEqual([]);
      },
      MEETING_MS + 45_000,
    );
});
