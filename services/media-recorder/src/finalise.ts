import type { RecordingManifest } from '@rtms/contracts';
import { type AudioFormat, frameBytes, wavFormatName, wavHeader } from './format.js';
import type { StreamRecording } from './recording.js';
import type { RecordingStore } from './store.js';

// A finished recording: each WAV (header, the track's stored parts in order, zeros where nothing was stored,
// zeros up to the stream's end) streamed into the bucket part by part, then the manifest with sizes and hashes.

const ZEROS = new Uint8Array(256 * 1024);

function* zeros(bytes: number): Generator<Uint8Array> {
  for (let left = bytes; left > 0; left -= ZEROS.length)
    yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
}

interface Part {
  name: string;
  start: number;
  end: number;
}

/** Samples in the finished files: through the last stored part of any track, and the end mark's media time. */
function endSampleOf(rec: StreamRecording): number {
  const t = rec.track;
  if (!t) return 0;
  const tracks = [{ track: t, parts: rec.parts }, ...rec.speakers.values()];
  const stored = tracks.reduce(
    (max, { track, parts }) => parts.reduce((m, p) => Math.max(m, p.end), Math.max(max, track.committed)),
    0,
  );
  return Math.max(stored, rec.endMark === undefined ? 0 : t.sampleAt(rec.endMark));
}

async function* wavChunks(format: AudioFormat, parts: Part[], store: RecordingStore, endSample: number) {
  const fb = frameBytes(format);
  yield wavHeader(format, endSample * fb);
  let at = 0;
  for (const part of [...parts].sort((a, b) => a.start - b.start)) {
    if (part.end <= at) continue;
    if (part.start > at) yield* zeros((part.start - at) * fb);
    const data = await store.getBlob(part.name);
    yield data.subarray(Math.max(0, at - part.start) * fb);
    at = part.end;
  }
  yield* zeros((endSample - at) * fb);
}

export interface Finished {
  manifest: RecordingManifest;
}

/**
 * Stores the mixed WAV (`audio.wav`), one WAV per speaker when audio was per participant
 * (`audio-<user key>.wav`, the same length: sample 0 and the end are the meeting's), then the manifest.
 */
export async function writeRecording(
  rec: StreamRecording,
  store: RecordingStore,
  by: 'stopped' | 'idle',
): Promise<Finished | undefined> {
  const t = rec.track;
  if (!t) return undefined;
  const endSample = endSampleOf(rec);
  const durationMs = (endSample * 1000) / t.format.rate;
  const format = wavFormatName(t.format);
  const files: RecordingManifest['files'] = [];
  const write = async (name: string, parts: Part[]) => {
    const wav = await store.putFile(name, () => wavChunks(t.format, parts, store, endSample));
    return { name, format, durationMs, bytes: wav.bytes, sha256: wav.sha256 };
  };
  files.push(await write(`${rec.streamId}/audio.wav`, rec.parts));
  for (const speaker of rec.speakers.values()) {
    const file = await write(`${rec.streamId}/audio-${speaker.key}.wav`, speaker.parts);
    const userName = rec.participants.get(speaker.userId);
    files.push({ ...file, userId: speaker.userId, ...(userName === undefined ? {} : { userName }) });
  }
  const manifest: RecordingManifest = {
    v: 1,
    streamId: rec.streamId,
    meetingUuid: rec.meetingUuid,
    startTimestamp: t.startTimestamp,
    endTimestamp: t.timestampAt(endSample),
    finalisedBy: by,
    finalisedAt: Date.now(),
    participants: rec.participantList(),
    files,
  };
  const text = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  await store.putFile(`${rec.streamId}/manifest.json`, async function* () {
    yield text;
  });
  return { manifest };
}
