import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@rtms/testkit';
import { expect } from 'vitest';
import { audioPartOf, imagePartOf } from '../src/store.js';
import { readWav, SPEAKERS, speakerAt, wrongBlocks } from './signal.js';
import { expectFrames, FRAME_MS } from './video-expect.js';

// RECORDING_CHECKPOINT_MS of the recorder processes: a running recording's served files are one to two of them
// behind (docs/media-recorder.md, "Reading a running recording"). What the test holds exactly: a file serves
// every part stored before it was asked for (the part names say what they hold). How far behind the meeting
// that is depends on how busy the machine is (0.3-0.6 s idle, 1.35 s seen with two test packages and a busy
// loop on two cores), so the wall clock only bounds gross staleness: STALE_MS.
export const CHECKPOINT_MS = 300;
const STALE_MS = 4000;

interface ListedFile {
  name: string;
  durationMs: number;
  startTimestamp?: number;
}

/**
 * Mid-meeting, GET /recordings lists the stream as recording with its duration so far, and its WAV (and each
 * speaker's, per participant) decodes, is about as long as the meeting so far, has the script's tones and
 * exact silence between sentences, and serves a range as the same bytes. With `video`, the same for its
 * video.mp4 and share.mp4 (expectLiveMp4).
 */
export async function expectLive(
  recorder: { port: number },
  streamId: string,
  o: { perSpeaker: boolean; video: boolean; partNames: (streamId: string) => Promise<string[]> },
) {
  const { perSpeaker, video } = o;
  const stored = async () =>
    (await o.partNames(streamId)).map((n) => [audioPartOf(n), imagePartOf(n)] as const);
  const base = `http://127.0.0.1:${recorder.port}/recordings`;
  const { recordings } = (await (await fetch(base)).json()) as {
    recordings: {
      id: string;
      state: string;
      startTimestamp: number;
      durationMs: number;
      files: ListedFile[];
    }[];
  };
  const row = recordings.find((r) => r.id === streamId);
  expect(row?.state).toBe('recording');
  const start = row?.startTimestamp as number;
  const mp4s = row?.files.filter((f) => f.name.endsWith('.mp4')) ?? [];
  expect(mp4s.map((f) => f.name)).toEqual(video ? ['video.mp4', 'share.mp4'] : []);
  for (const listed of mp4s) await expectLiveMp4(base, streamId, listed, stored);
  const names = row?.files.filter((f) => f.name.endsWith('.wav')).map((f) => f.name) ?? [];
  expect(names[0]).toBe('audio.wav');
  // Per participant, a file for each speaker heard so far (at least the first two, about 3 s in).
  if (perSpeaker) expect(names.length).toBeGreaterThanOrEqual(3);
  else expect(names).toEqual(['audio.wav']);
  for (const name of names) {
    const storedEnd = Math.max(0, ...(await stored()).map(([audio]) => audio?.end ?? 0));
    const askedMs = Date.now() - start;
    const res = await fetch(`${base}/${streamId}/${name}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status, name).toBe(200);
    const wav = readWav(bytes); // throws when the header's sizes do not match the bytes
    const durationMs = (wav.samples.length * 1000) / wav.rate;
    expect(durationMs, name).toBeGreaterThan(2000);
    expect(storedEnd, 'parts stored before the request').toBeGreaterThan(0);
    expect(wav.samples.length, `${name}: every part stored before the request`).toBeGreaterThanOrEqual(
      storedEnd,
    );
    expect(askedMs - durationMs, `${name}: ${durationMs} ms served, asked at ${askedMs} ms`).toBeLessThan(
      STALE_MS,
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

/**
 * A running recording's MP4 over HTTP: the simulator's frames with consecutive counters, each at its counter ×
 * the frame interval, through the last frame of every part stored before it was asked for (about 430 ms
 * behind the meeting measured for video on an idle machine) and its last frame not after that time; a range
 * is the same bytes as the file.
 * The whole file and the range are asked for together, so both come from the same stored parts (the same
 * build: the same ETag); a new part in between makes a new file, and the pair is asked again.
 */
async function expectLiveMp4(
  base: string,
  streamId: string,
  listed: ListedFile,
  stored: () => Promise<(readonly [unknown, ReturnType<typeof imagePartOf>])[]>,
) {
  const kind = listed.name === 'video.mp4' ? 'video' : 'share';
  const frameMs = FRAME_MS[kind];
  const url = `${base}/${streamId}/${listed.name}`;
  const pair = await waitFor(
    async () => {
      const lastStored = Math.max(
        0,
        ...(await stored()).map(([, image]) => (image?.kind === kind ? image.last : 0)),
      );
      const askedAt = Date.now();
      const [whole, range] = await Promise.all([
        fetch(url),
        fetch(url, { headers: { range: 'bytes=100-3000' } }),
      ]);
      const bytes = Buffer.from(await whole.arrayBuffer());
      const slice = Buffer.from(await range.arrayBuffer());
      expect([whole.status, range.status], listed.name).toEqual([200, 206]);
      const etag = whole.headers.get('etag');
      return etag === range.headers.get('etag') && { askedAt, lastStored, bytes, slice, etag };
    },
    { what: `${listed.name} and a range of it from the same parts`, timeoutMs: 10_000 },
  );
  expect(pair.slice.equals(pair.bytes.subarray(100, 3001)), `${listed.name}: range`).toBe(true);
  const dir = await mkdtemp(path.join(tmpdir(), 'live-mp4-'));
  try {
    const local = path.join(dir, listed.name);
    await writeFile(local, pair.bytes);
    const { mp4 } = expectFrames(local, kind, frameMs);
    expect(mp4.ptsMs.length, listed.name).toBeGreaterThan(kind === 'video' ? 20 : 4);
    // The list (asked before) described the parts stored then: the file is at least as long.
    expect(listed.durationMs).toBeGreaterThan(0);
    expect(listed.durationMs).toBeLessThanOrEqual(mp4.durationMs);
    const end = (listed.startTimestamp as number) + mp4.durationMs;
    const lastFrame =
      (listed.startTimestamp as number) + ((mp4.ptsMs.at(-1) as number) - (mp4.ptsMs[0] as number));
    expect(pair.lastStored, `${kind} parts stored before the request`).toBeGreaterThan(0);
    expect(lastFrame, `${listed.name}: every frame stored before the request`).toBeGreaterThanOrEqual(
      pair.lastStored,
    );
    expect(
      pair.askedAt - end,
      `${listed.name}: ends ${pair.askedAt - end} ms before it was asked for`,
    ).toBeLessThan(STALE_MS);
    expect(end - frameMs).toBeLessThanOrEqual(pair.askedAt);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
