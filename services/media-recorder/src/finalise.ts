import type { RecordingManifest } from '@rtms/contracts';
import { frameBytes, wavFormatName, wavHeader } from './format.js';
import type { StreamRecording } from './recording.js';
import type { RecordingStore, WrittenFile } from './store.js';

// A finished recording: the WAV (header, the stored parts in order, zeros where nothing was stored, zeros up
// to the stream's end) streamed into the bucket part by part, then the manifest with its size and hash.

const ZEROS = new Uint8Array(256 * 1024);

function* zeros(bytes: number): Generator<Uint8Array> {
  for (let left = bytes; left > 0; left -= ZEROS.length)
    yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
}

/** Samples in the finished file: through the last stored part, and through the end mark's media time. */
export function endSampleOf(rec: StreamRecording): number {
  const t = rec.track;
  if (!t) return 0;
  const stored = rec.parts.reduce((max, p) => Math.max(max, p.end), t.committed);
  return Math.max(stored, rec.endMark === undefined ? 0 : t.sampleAt(rec.endMark));
}

async function* wavChunks(rec: StreamRecording, store: RecordingStore, endSample: number) {
  const t = rec.track;
  if (!t) return;
  const fb = frameBytes(t.format);
  yield wavHeader(t.format, endSample * fb);
  let at = 0;
  for (const part of [...rec.parts].sort((a, b) => a.start - b.start)) {
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
  wav: WrittenFile;
}

export async function writeRecording(
  rec: StreamRecording,
  store: RecordingStore,
  by: 'stopped' | 'idle',
): Promise<Finished | undefined> {
  const t = rec.track;
  if (!t) return undefined;
  const endSample = endSampleOf(rec);
  const name = `${rec.streamId}/audio.wav`;
  const wav = await store.putFile(name, () => wavChunks(rec, store, endSample));
  const durationMs = (endSample * 1000) / t.format.rate;
  const manifest: RecordingManifest = {
    v: 1,
    streamId: rec.streamId,
    meetingUuid: rec.meetingUuid,
    startTimestamp: t.startTimestamp,
    endTimestamp: t.timestampAt(endSample),
    finalisedBy: by,
    finalisedAt: Date.now(),
    participants: rec.participantList(),
    files: [{ name, format: wavFormatName(t.format), durationMs, bytes: wav.bytes, sha256: wav.sha256 }],
  };
  const text = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  await store.putFile(`${rec.streamId}/manifest.json`, async function* () {
    yield text;
  });
  return { manifest, wav };
}
