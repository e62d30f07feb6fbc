import { isolatedNatsTest } from '@rtms/testkit';
import { afterEach, describe, expect } from 'vitest';
import { type Cleanup, startRecordingRig, waitUntil } from './meeting-harness.js';
import {
  type LossyTolerance,
  readWav,
  SCRIPTED_MEETING,
  SPEAKERS,
  speakerAt,
  wrongBlocks,
} from './signal.js';

// Issue 14's other audio codecs end to end: the simulator encodes its speakers' tones as G.722 or Opus
// (RTMS codecs 3 and 4, @rtms/audio-codecs), the connector records them (RTMS_AUDIO_CODEC), the recorder
// decodes them to 16-bit PCM as it places the frames and writes WAVs as for L16. Opus runs per participant
// (a decoder per speaker: mixed file and one per speaker), G.722 mixed (one decoder for the mixed stream).

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const MEETING_MS = 8000;
/**
 * Lossy codecs: 90 % of a settled block's energy at the speaker's tone. G.722's ADPCM settles within two
 * blocks (40 ms); Opus within four (80 ms: a fresh decoder joining mid-stream, SILK's prediction state).
 */
const G722: LossyTolerance = { minPurity: 0.9, settleBlocks: 2 };
const OPUS: LossyTolerance = { minPurity: 0.9, settleBlocks: 4 };

const RUNS = [
  { codec: 'g722', streams: 'mixed', source: 'G722', rate: 16_000, lossy: G722 },
  { codec: 'opus', streams: 'multi', source: 'opus', rate: 16_000, lossy: OPUS },
] as const;

describe.each(RUNS)('media-recorder - $codec audio', ({ codec, streams, source, rate, lossy }) => {
  isolatedNatsTest(
    `media-recorder - simulator ${codec} (${streams}) decoded to WAV, ${MEETING_MS / 1000} s meeting: duration, tones, silence, hashes`,
    async ({ nats }) => {
      const rig = await startRecordingRig({
        nats,
        cleanups,
        connectorEnv: { RTMS_MEDIA_TYPES: 'audio', RTMS_AUDIO_STREAMS: streams, RTMS_AUDIO_CODEC: codec },
      });
      const recorder = await rig.startRecorder(`recorder-${codec}`);
      const { streamId } = await rig.startMeeting({ ...SCRIPTED_MEETING, media: { audio: true } });
      // After the first part is stored, so media began before: the meeting lasts at least MEETING_MS.
      const startedAt = Date.now();
      await waitUntil(startedAt, MEETING_MS, 'the meeting');
      const { manifest, stoppedAt } = await rig.stopStream(streamId);
      const [mixed, ...own] = manifest.files;
      if (!mixed) throw new Error('manifest lists no file');
      expect(mixed.name).toBe(`${streamId}/audio.wav`);
      expect(mixed.format).toBe(`audio/wav;codec=L16;rate=${rate};channels=1;source=${source}`);
      const wav = readWav(await rig.storedBytes(mixed));
      expect([wav.rate, wav.channels]).toEqual([rate, 1]);
      const durationMs = (wav.samples.length * 1000) / wav.rate;
      const meetingMs = stoppedAt - manifest.startTimestamp;
      expect(meetingMs, 'the meeting lasted as planned').toBeGreaterThanOrEqual(MEETING_MS);
      expect(
        Math.abs(durationMs - meetingMs) / meetingMs,
        `${durationMs} ms recorded, meeting ${meetingMs} ms`,
      ).toBeLessThan(0.01);
      expect(durationMs).toBeCloseTo(mixed.durationMs, 0);
      const { wrong, speech } = wrongBlocks(wav.samples, wav.rate, durationMs, speakerAt, lossy);
      expect(wrong).toEqual([]);
      expect(speech).toBeGreaterThan(200);

      // Per participant: each speaker's file has only their tone in their sentences, zeros elsewhere.
      const users = SPEAKERS.map((s) => String(s.userId));
      expect(own.map((f) => f.userId).sort()).toEqual(streams === 'multi' ? [...users].sort() : []);
      for (const f of own) {
        const who = users.indexOf(f.userId as string);
        expect(f.format).toBe(mixed.format);
        const mine = readWav(await rig.storedBytes(f));
        expect(mine.samples.length).toBe(wav.samples.length);
        const check = wrongBlocks(
          mine.samples,
          mine.rate,
          durationMs,
          (ms) => (speakerAt(ms) === who ? who : -1),
          lossy,
        );
        expect(check.wrong, f.name).toEqual([]);
        expect(check.speech).toBeGreaterThan(50);
      }
      // Every frame decoded: none skipped as undecodable, the codec not refused.
      expect(recorder.lines.filter((l) => /not decodable|not recorded/.test(l))).toEqual([]);
    },
    MEETING_MS + 45_000,
  );
});
