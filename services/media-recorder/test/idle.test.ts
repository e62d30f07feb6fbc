import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { ObjectStores, RecordingManifest } from '@rtms/contracts';
import { isolatedNatsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { startInProcessRecorder } from './in-process-recorder.js';
import { publishAudioFrame } from './publish-frame.js';
import { readWav } from './signal.js';

describe('media-recorder - idle timeout', () => {
  isolatedNatsTest(
    'idle - no end mark: finalised after the idle timeout, gaps as silence, two users mixed and each in a file of their own, parts deleted',
    async ({ nats }) => {
      const app = await startInProcessRecorder(nats, {
        RECORDING_CHECKPOINT_MS: '100',
        RECORDING_IDLE_TIMEOUT_MS: '1000',
      });
      try {
        const js = jetstream(nats.nc);
        const id = 'idle42';
        const frame = (user: string, timestamp: number, value: number) =>
          publishAudioFrame(js, { streamId: id, user, timestamp, value, meetingUuid: 'idle==' });
        // No start mark: sample 0 is the first frame. 0-20 ms user 1; 40-60 ms users 1 and 2; 100-120 ms user 2.
        await frame('1', 5000, 100);
        await frame('1', 5040, 100);
        await frame('2', 5040, 20);
        await frame('1', 5040, 7); // user 1's frame again (a repeat): not mixed twice
        await frame('2', 5100, -3);
        const os = await new Objm(nats.nc).open(ObjectStores.recordings);
        const manifestInfo = await waitFor(() => os.info(`${id}/manifest.json`).then((i) => i ?? undefined), {
          what: 'the manifest after the idle timeout',
        });
        expect(manifestInfo.size).toBeGreaterThan(0);
        const manifest = RecordingManifest.parse(
          JSON.parse(new TextDecoder().decode((await os.getBlob(`${id}/manifest.json`)) ?? new Uint8Array())),
        );
        expect(manifest).toMatchObject({
          streamId: id,
          meetingUuid: 'idle==',
          finalisedBy: 'idle',
          startTimestamp: 5000,
          endTimestamp: 5120,
          participants: [
            { userId: '1', userName: 'user 1' },
            { userId: '2', userName: 'user 2' },
          ],
        });
        const wav = readWav((await os.getBlob(`${id}/audio.wav`)) ?? new Uint8Array());
        expect(wav.rate).toBe(8000);
        expect(wav.samples.length).toBe(960);
        const at = (ms: number) => wav.samples[ms * 8];
        expect([at(0), at(19), at(20), at(39), at(40), at(59), at(60), at(99), at(100), at(119)]).toEqual([
          100, 100, 0, 0, 120, 120, 0, 0, -3, -3,
        ]);
        // Audio per participant (frames with user ids): each speaker's own file, the same length, only theirs.
        expect(manifest.files.map((f) => [f.name, f.userId, f.userName, f.durationMs])).toEqual([
          [`${id}/audio.wav`, undefined, undefined, 120],
          [`${id}/audio-1.wav`, '1', 'user 1', 120],
          [`${id}/audio-2.wav`, '2', 'user 2', 120],
        ]);
        const own = async (user: string) => {
          const w = readWav((await os.getBlob(`${id}/audio-${user}.wav`)) ?? new Uint8Array());
          const ms = (t: number) => w.samples[t * 8];
          return [ms(0), ms(19), ms(20), ms(39), ms(40), ms(59), ms(60), ms(99), ms(100), ms(119)];
        };
        expect(await own('1')).toEqual([100, 100, 0, 0, 100, 100, 0, 0, 0, 0]);
        expect(await own('2')).toEqual([0, 0, 0, 0, 20, 20, 0, 0, -3, -3]);
        // The parts are deleted after the manifest is stored.
        const left = await waitFor(
          async () => {
            const names = (await os.list()).filter((o) => !o.deleted).map((o) => o.name);
            return names.every((n) => !n.includes('/parts/')) && names;
          },
          { what: 'the parts deleted' },
        );
        expect(left.sort()).toEqual(
          ['audio-1.wav', 'audio-2.wav', 'audio.wav', 'manifest.json', 'state.json'].map((f) => `${id}/${f}`),
        );
      } finally {
        await app.close();
      }
    },
  );
});
