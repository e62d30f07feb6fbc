import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { headers } from '@nats-io/transport-node';
import {
  MediaHeaders,
  ObjectStores,
  RecordingManifest,
  RecordingSubjects,
  recordingFrameId,
  recordingMarkId,
} from '@rtms/contracts';
import { isolatedNatsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { startInProcessRecorder } from './in-process-recorder.js';

// GET /recordings and GET /recordings/<id>/<file> over real HTTP, against a recording made from frames in
// RTMS_MEDIA of a real NATS: the list, whole files, ranges inside and across the object's 128 KiB chunks,
// 416, 404, 401, content types.

const TOKEN = 'recordings-token-0123456789';
const RATE = 8000;
/** 4 frames of 6.25 s each: a 400 044-byte WAV, 4 chunks of the object store. */
const FRAME_SAMPLES = 50_000;

describe('media-recorder - HTTP', () => {
  isolatedNatsTest(
    'http - lists recordings and serves files with Range requests, behind the token',
    async ({ nats }) => {
      const app = await startInProcessRecorder(nats, {
        RECORDING_CHECKPOINT_MS: '100',
        RECORDINGS_TOKEN: TOKEN,
      });
      const base = app.address;
      const get = (path: string, init: RequestInit = {}) =>
        fetch(`${base}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) },
        });
      try {
        const js = jetstream(nats.nc);
        const id = 'http42';
        const mark = (kind: 'start' | 'end', timestamp: number) =>
          js.publish(
            RecordingSubjects.mark(id),
            JSON.stringify({ v: 1, streamId: id, meetingUuid: 'http==', kind, timestamp, at: Date.now() }),
            { msgID: recordingMarkId(id, kind) },
          );
        await mark('start', 1000);
        for (let f = 0; f < 4; f++) {
          const h = headers();
          h.set(MediaHeaders.userId, '7');
          h.set(MediaHeaders.userName, 'Ada');
          h.set(MediaHeaders.timestamp, String(1000 + (f * FRAME_SAMPLES * 1000) / RATE));
          h.set(MediaHeaders.format, `audio/L16;rate=${RATE};channels=1`);
          h.set(MediaHeaders.meetingUuid, 'http==');
          const data = Buffer.alloc(FRAME_SAMPLES * 2);
          for (let i = 0; i < FRAME_SAMPLES; i++)
            data.writeInt16LE(((f * FRAME_SAMPLES + i) % 30_011) - 15_000, i * 2);
          await js.publish(RecordingSubjects.audio(id), data, {
            headers: h,
            msgID: recordingFrameId(id, 'audio', '7', 1000 + f * 6250),
          });
        }
        // While it records, the list shows it as running with its duration so far, and its WAVs (the mix and
        // the one speaker's) are served as they stand: here all four frames, stored at the checkpoints.
        const running = await waitFor(
          async () => {
            const body = (await (await get('/recordings')).json()) as {
              recordings: { state: string; durationMs: number; files: unknown[] }[];
            };
            const r = body.recordings[0];
            // A checkpoint stores the mix's part, then the speaker's: wait for both.
            return r?.durationMs === 25_000 && r.files.length === 2 && r;
          },
          { what: 'the running recording in the list, all frames stored' },
        );
        const liveBytes = 44 + 4 * FRAME_SAMPLES * 2;
        expect(running).toMatchObject({
          id,
          state: 'recording',
          meetingUuid: 'http==',
          startTimestamp: 1000,
          endTimestamp: 26_000,
          files: [
            { name: 'audio.wav', bytes: liveBytes, durationMs: 25_000, url: `/recordings/${id}/audio.wav` },
            { name: 'audio-7.wav', bytes: liveBytes, userId: '7', url: `/recordings/${id}/audio-7.wav` },
          ],
        });
        const live = await get(`/recordings/${id}/audio.wav`);
        expect([live.status, live.headers.get('content-length')]).toEqual([200, String(liveBytes)]);
        expect(live.headers.get('cache-control')).toBe('no-store');
        const liveWav = Buffer.from(await live.arrayBuffer());
        expect([liveWav.readUInt32LE(4), liveWav.readUInt32LE(40)]).toEqual([liveBytes - 8, liveBytes - 44]);
        const liveRange = await get(`/recordings/${id}/audio-7.wav`, {
          headers: { range: `bytes=${FRAME_SAMPLES * 2 - 6}-${FRAME_SAMPLES * 2 + 50}` },
        });
        expect(liveRange.status).toBe(206);
        expect(liveRange.headers.get('content-range')).toBe(
          `bytes ${FRAME_SAMPLES * 2 - 6}-${FRAME_SAMPLES * 2 + 50}/${liveBytes}`,
        );
        expect(
          Buffer.from(await liveRange.arrayBuffer()).equals(
            liveWav.subarray(FRAME_SAMPLES * 2 - 6, FRAME_SAMPLES * 2 + 51),
          ),
        ).toBe(true);
        expect((await get(`/recordings/${id}/audio-8.wav`)).status).toBe(404);

        await mark('end', 1000 + 25_000);
        const os = await new Objm(nats.nc).open(ObjectStores.recordings);
        await waitFor(() => os.info(`${id}/manifest.json`).then((i) => i ?? undefined), {
          what: 'the manifest',
        });
        const wav = (await os.getBlob(`${id}/audio.wav`)) as Uint8Array;
        expect(wav.length).toBe(44 + 4 * FRAME_SAMPLES * 2);
        // The finalised file is the running one's bytes: the same parts, the same assembly.
        expect(Buffer.from(wav).equals(liveWav)).toBe(true);

        const list = await get('/recordings');
        expect(list.status).toBe(200);
        const { recordings } = (await list.json()) as { recordings: Record<string, unknown>[] };
        expect(recordings).toHaveLength(1);
        const manifestBytes = (await os.info(`${id}/manifest.json`))?.size;
        expect(recordings[0]).toMatchObject({
          id,
          meetingUuid: 'http==',
          state: 'final',
          finalisedBy: 'stopped',
          startTimestamp: 1000,
          endTimestamp: 26_000,
          durationMs: 25_000,
          participants: [{ userId: '7', userName: 'Ada' }],
          files: [
            {
              name: 'audio.wav',
              bytes: wav.length,
              format: `audio/wav;codec=L16;rate=${RATE};channels=1`,
              durationMs: 25_000,
              url: `/recordings/${id}/audio.wav`,
            },
            // The one speaker's own file (frames with a user id: audio per participant).
            {
              name: 'audio-7.wav',
              bytes: wav.length,
              userId: '7',
              userName: 'Ada',
              url: `/recordings/${id}/audio-7.wav`,
            },
            {
              name: 'manifest.json',
              bytes: manifestBytes,
              format: 'application/json',
              url: `/recordings/${id}/manifest.json`,
            },
          ],
        });

        const whole = await get(`/recordings/${id}/audio.wav`);
        expect(whole.status).toBe(200);
        expect(whole.headers.get('content-type')).toBe('audio/wav');
        expect(whole.headers.get('accept-ranges')).toBe('bytes');
        expect(whole.headers.get('content-length')).toBe(String(wav.length));
        expect(Buffer.from(await whole.arrayBuffer()).equals(Buffer.from(wav))).toBe(true);

        const chunk = 128 * 1024;
        const ranges: [string, number, number][] = [
          ['bytes=0-43', 0, 43],
          ['bytes=100-199', 100, 199],
          [`bytes=${chunk - 10}-${chunk + 9}`, chunk - 10, chunk + 9], // across a chunk boundary
          [`bytes=${2 * chunk + 5}-`, 2 * chunk + 5, wav.length - 1], // starts in the third chunk
          ['bytes=-1000', wav.length - 1000, wav.length - 1],
          [`bytes=${wav.length - 1}-${wav.length + 100}`, wav.length - 1, wav.length - 1],
        ];
        for (const [header, start, end] of ranges) {
          const res = await get(`/recordings/${id}/audio.wav`, { headers: { range: header } });
          expect(res.status, header).toBe(206);
          expect(res.headers.get('content-range'), header).toBe(`bytes ${start}-${end}/${wav.length}`);
          expect(res.headers.get('content-length'), header).toBe(String(end - start + 1));
          const body = Buffer.from(await res.arrayBuffer());
          expect(body.equals(Buffer.from(wav.subarray(start, end + 1))), header).toBe(true);
        }
        for (const header of [`bytes=${wav.length}-`, 'bytes=9-3', 'bytes=x-1']) {
          const res = await get(`/recordings/${id}/audio.wav`, { headers: { range: header } });
          expect(res.status, header).toBe(416);
          expect(res.headers.get('content-range'), header).toBe(`bytes */${wav.length}`);
        }

        const head = await get(`/recordings/${id}/audio.wav`, { method: 'HEAD' });
        expect([head.status, head.headers.get('content-length')]).toEqual([200, String(wav.length)]);
        expect((await head.arrayBuffer()).byteLength).toBe(0);

        const manifest = await get(`/recordings/${id}/manifest.json`);
        expect(manifest.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(RecordingManifest.parse(await manifest.json())).toMatchObject({ streamId: id });

        for (const path of [
          `/recordings/${id}/video.mp4`,
          `/recordings/${id}/state.json`,
          `/recordings/${id}/audio.txt`,
          `/recordings/nope/audio.wav`,
          `/recordings/${id}/..%2Fx.wav`,
        ])
          expect((await get(path)).status, path).toBe(404);

        expect((await fetch(`${base}/recordings`)).status).toBe(401);
        expect((await fetch(`${base}/recordings/${id}/audio.wav?token=wrong-token-0123456`)).status).toBe(
          401,
        );
        const byQuery = await fetch(`${base}/recordings/${id}/audio.wav?token=${TOKEN}`, {
          headers: { range: 'bytes=0-3' },
        });
        expect(Buffer.from(await byQuery.arrayBuffer()).toString('ascii')).toBe('RIFF');
      } finally {
        await app.close();
      }
    },
  );
});
