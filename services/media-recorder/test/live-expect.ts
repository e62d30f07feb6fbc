import { expect } from 'vitest';
import { readWav, SPEAKERS, speakerAt, wrongBlocks } from './signal.js';

// RECORDING_CHECKPOINT_MS of the recorder processes: a running recording's served WAV is at most about two
// of them behind (docs/media-recorder.md, "Reading a running recording"); the test allows one plus a second.
export const CHECKPOINT_MS = 300;

/**
 * Mid-meeting, GET /recordings lists the stream as recording with its duration so far, and its WAV (and each
 * speaker's, per participant) decodes, is about as long as the meeting so far, has the script's tones and
 * exact silence between sentences, and serves a range as the same bytes.
 */
export async function expectLive(recorder: { port: number }, streamId: string, perSpeaker: boolean) {
  const base = `http://127.0.0.1:${recorder.port}/recordings`;
  const { recordings } = (await (await fetch(base)).json()) as {
    recordings: {
      id: string;
      state: string;
      startTimestamp: number;
      durationMs: number;
      files: { name: string }[];
    }[];
  };
  const row = recordings.find((r) => r.id === streamId);
  expect(row?.state).toBe('recording');
  const start = row?.startTimestamp as number;
  const names = row?.files.map((f) => f.name) ?? [];
  expect(names[0]).toBe('audio.wav');
  // Per participant, a file for each speaker heard so far (at least the first two, about 3 s in).
  if (perSpeaker) expect(names.length).toBeGreaterThanOrEqual(3);
  else expect(names).toEqual(['audio.wav']);
  for (const name of names) {
    const askedMs = Date.now() - start;
    const res = await fetch(`${base}/${streamId}/${name}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status, name).toBe(200);
    const wav = readWav(bytes); // throws when the header's sizes do not match the bytes
    const durationMs = (wav.samples.length * 1000) / wav.rate;
    expect(durationMs, name).toBeGreaterThan(2000);
    expect(askedMs - durationMs, `${name}: ${durationMs} ms served, asked at ${askedMs} ms`).toBeLessThan(
      CHECKPOINT_MS + 1000,
    );
    expect(durationMs).toBeLessThanOrEqual(Date.now() - start);
    const who =
      name === 'audio.wav' ? undefined : SPEAKERS.findIndex((s) => name === `audio-${s.userId}.wav`);
    // The last two checkpoints are left out: a speaker's own track may store a new sentence's first frames
    // one checkpoint after the mix (each track stores up to its own previous checkpoint's newest frame).
    const check = wrongBlocks(wav.samples, wav.rate, durationMs + 200 - 2 * CHECKPOINT_MS, (ms) =>
      who === undefined || speakerAt(ms) === who ? speakerAt(ms) : -1,
    );
    expect(check.wrong, name).toEqual([]);
    expect(check.speech, name).toBeGreaterThan(20);
    // A range of samples is the same bytes on every request; the header (its sizes, bytes 4-7 and 40-43)
    // tells each request how long the recording is by then, so it is left out.
    const range = await fetch(`${base}/${streamId}/${name}`, { headers: { range: 'bytes=44-1000' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(bytes.subarray(44, 1001))).toBe(true);
  }
}
