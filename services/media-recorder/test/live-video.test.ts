import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { ObjectStores, RecordingSubjects, recordingMarkId } from '@rtms/contracts';
import { isolatedNatsTest, type NatsContext, waitFor } from '@rtms/testkit';
import pino from 'pino';
import { describe, expect } from 'vitest';
import { startInProcessRecorder } from './in-process-recorder.js';
import { publishImageFrame } from './publish-frame.js';

// A running recording's video.mp4 and share.mp4 over real HTTP against a real NATS, without the simulator:
// H.264 frames (remuxed, no ffmpeg needed) served while recording, cached while no part is added, with
// If-Range, byte for byte the finalised file; JPEG share with no ffmpeg, or a failing one: 503. The MP4's frames and times
// (ffprobe) are checked mid-meeting with the simulator in recording.test.ts (live-expect.ts).

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
/** libx264's SPS (176×100) and PPS, then an IDR slice; P slices after it (structure only, not decoded). */
const SPS = '6742c00ad902cff9f0110000030001000003000a0f122648';
const IDR = hex(`00000001${SPS}0000000168ce3c800000000165888480`);
/** The start of a 128×24 JPEG (SOI, SOF0): enough for its size, not for a decoder. */
const JPEG_HEAD = hex('ffd8ffc0001108001800800301220002');
const P = (n: number) => hex(`0000000141${(0x9a + n).toString(16)}`);

/** A recorder whose "ffmpeg" answers -version and fails every encode, its log lines kept. */
async function brokenFfmpegReplica(nats: NatsContext) {
  const dir = await mkdtemp(path.join(tmpdir(), 'broken-ffmpeg-'));
  const bin = path.join(dir, 'ffmpeg');
  await writeFile(bin, '#!/bin/sh\n[ "$2" = -version ] && exit 0\necho broken encoder >&2\nexit 1\n', {
    mode: 0o755,
  });
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const app = await startInProcessRecorder(
    nats,
    { RECORDING_FFMPEG: bin },
    { name: 'recorder-2', logger: log },
  );
  const base = `${app.address}/recordings`;
  return {
    base,
    lines,
    app: { close: () => app.close().finally(() => rm(dir, { recursive: true, force: true })) },
  };
}

describe('media-recorder - running recording MP4s', () => {
  isolatedNatsTest(
    'live video - H.264 served while recording, cached, If-Range, equal to the finalised file; JPEG without ffmpeg or with a failing one is 503',
    async ({ nats }) => {
      const app = await startInProcessRecorder(nats, {
        RECORDING_CHECKPOINT_MS: '100',
        RECORDING_FFMPEG: 'no-such-ffmpeg-binary',
      });
      const base = `${app.address}/recordings`;
      try {
        const js = jetstream(nats.nc);
        const id = 'live7';
        const meetingUuid = 'live==';
        const mark = (kind: 'start' | 'end', timestamp: number) =>
          js.publish(
            RecordingSubjects.mark(id),
            JSON.stringify({ v: 1, streamId: id, meetingUuid, kind, timestamp, at: Date.now() }),
            { msgID: recordingMarkId(id, kind) },
          );
        await mark('start', 1000);
        const frame = (kind: 'video' | 'share', timestamp: number, format: string, data: Uint8Array) =>
          publishImageFrame(js, { streamId: id, kind, timestamp, format, data, meetingUuid });
        for (let n = 0; n < 10; n++) await frame('video', 1000 + n * 200, 'video/h264', n ? P(n) : IDR);
        await frame('share', 1000, 'image/jpeg', JPEG_HEAD);

        // Listed as running, with the duration of the frames stored so far (10 frames of 200 ms).
        const row = await waitFor(
          async () => {
            const { recordings } = (await (await fetch(base)).json()) as {
              recordings: { state: string; files: { name: string; durationMs: number }[] }[];
            };
            const video = recordings[0]?.files.find((f) => f.name === 'video.mp4');
            const share = recordings[0]?.files.find((f) => f.name === 'share.mp4');
            return video?.durationMs === 2000 && share && recordings[0];
          },
          { what: 'every frame stored' },
        );
        expect(row.state).toBe('recording');
        expect(row.files).toEqual([
          {
            name: 'video.mp4',
            format: 'video/mp4;codec=avc1',
            startTimestamp: 1000,
            durationMs: 2000,
            url: `/recordings/${id}/video.mp4`,
          },
          {
            name: 'share.mp4',
            format: 'video/mp4;codec=avc1',
            startTimestamp: 1000,
            durationMs: 200,
            url: `/recordings/${id}/share.mp4`,
          },
        ]);

        const live = await fetch(`${base}/${id}/video.mp4`);
        expect([live.status, live.headers.get('content-type'), live.headers.get('cache-control')]).toEqual([
          200,
          'video/mp4',
          'no-store',
        ]);
        const bytes = Buffer.from(await live.arrayBuffer());
        expect(live.headers.get('content-length')).toBe(String(bytes.length));
        const etag = live.headers.get('etag') as string;
        // No new part: the same build (the same bytes and ETag) again; a range of it with If-Range.
        const again = await fetch(`${base}/${id}/video.mp4`, {
          headers: { range: 'bytes=8-40', 'if-range': etag },
        });
        expect([again.status, again.headers.get('etag'), again.headers.get('content-range')]).toEqual([
          206,
          etag,
          `bytes 8-40/${bytes.length}`,
        ]);
        expect(Buffer.from(await again.arrayBuffer()).equals(bytes.subarray(8, 41))).toBe(true);
        // A range of another build (an older ETag): the whole current file instead.
        const stale = await fetch(`${base}/${id}/video.mp4`, {
          headers: { range: 'bytes=8-40', 'if-range': '"old"' },
        });
        expect(stale.status).toBe(200);
        expect(Buffer.from(await stale.arrayBuffer()).equals(bytes)).toBe(true);
        const head = await fetch(`${base}/${id}/video.mp4`, { method: 'HEAD' });
        expect([head.status, head.headers.get('content-length')]).toEqual([200, String(bytes.length)]);

        // JPEG frames need ffmpeg, which this recorder has not.
        const share = await fetch(`${base}/${id}/share.mp4`);
        expect(share.status).toBe(503);
        expect(await share.json()).toMatchObject({
          error: 'video unavailable',
          detail: expect.stringMatching(/no ffmpeg/),
        });
        expect((await fetch(`${base}/nope/video.mp4`)).status).toBe(404);
        // Another replica (any replica serves any recording) whose ffmpeg fails: 503, logged.
        const broken = await brokenFfmpegReplica(nats);
        try {
          const res = await fetch(`${broken.base}/${id}/share.mp4`);
          expect([res.status, ((await res.json()) as { detail: string }).detail]).toEqual([
            503,
            'the MP4 could not be made of the stored frames',
          ]);
          expect(
            broken.lines.some(
              (l) => l.includes('running recording MP4 not made') && l.includes('broken encoder'),
            ),
          ).toBe(true);
        } finally {
          await broken.app.close();
        }

        // Finalised: the stored file is the running one's bytes (the same parts, the same remux).
        await mark('end', 3000);
        const os = await new Objm(nats.nc).open(ObjectStores.recordings);
        await waitFor(() => os.info(`${id}/manifest.json`).then((i) => i ?? undefined), {
          what: 'the manifest',
        });
        const stored = await os.getBlob(`${id}/video.mp4`);
        expect(Buffer.from(stored as Uint8Array).equals(bytes)).toBe(true);
        const final = await fetch(`${base}/${id}/video.mp4`);
        expect([final.status, final.headers.get('cache-control')]).toEqual([200, 'private, no-cache']);
        expect((await fetch(`${base}/${id}/share.mp4`)).status).toBe(404);
      } finally {
        await app.close();
      }
    },
  );
});
