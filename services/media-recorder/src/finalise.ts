import type { RecordingManifest } from '@rtms/contracts';
import type { Logger } from 'pino';
import { FfmpegMissingError, MediaEncodeError } from './errors.js';
import { wavFormatName } from './format.js';
import type { StreamRecording } from './recording.js';
import type { RecordingStore } from './store.js';
import { writeTrackMp4 } from './video/track-mp4.js';
import { type WavPart, wavBytes, wavLayout } from './wav-file.js';

// A finished recording: each WAV (wav-file.ts: header, the track's stored parts in order, zeros where nothing
// was stored, zeros up to the stream's end) streamed into the bucket part by part, the MP4s (video/), then the
// manifest with sizes and hashes.

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

export interface Finished {
  manifest: RecordingManifest;
}

type ManifestFile = RecordingManifest['files'][number];

/** The WAVs: the mix, then each speaker's. Undefined without audio. */
async function writeAudio(rec: StreamRecording, store: RecordingStore) {
  const t = rec.track;
  if (!t) return undefined;
  const endSample = endSampleOf(rec);
  const durationMs = (endSample * 1000) / t.format.rate;
  const format = wavFormatName(t.format);
  const write = async (name: string, parts: WavPart[]): Promise<ManifestFile> => {
    const wav = await store.putFile(name, () => wavBytes(wavLayout(t.format, parts, endSample), store));
    return { name, format, durationMs, bytes: wav.bytes, sha256: wav.sha256 };
  };
  const files = [await write(`${rec.streamId}/audio.wav`, rec.parts)];
  for (const speaker of rec.speakers.values()) {
    const file = await write(`${rec.streamId}/audio-${speaker.key}.wav`, speaker.parts);
    const userName = rec.participants.get(speaker.userId);
    files.push({ ...file, userId: speaker.userId, ...(userName === undefined ? {} : { userName }) });
  }
  return { files, endTimestamp: t.timestampAt(endSample) };
}

/**
 * The MP4s of video and share (`video.mp4`, `share.mp4`): H.264 frames remuxed (no ffmpeg needed), images
 * encoded by ffmpeg; a file that cannot be made is left out, logged.
 */
async function writeVideo(rec: StreamRecording, store: RecordingStore, o: VideoOptions) {
  const files: ManifestFile[] = [];
  for (const [kind, image] of rec.images) {
    if (image.parts.length === 0) continue;
    const name = `${rec.streamId}/${kind}.mp4`;
    const file = await writeTrackMp4({
      name,
      format: image.track.format,
      parts: image.parts,
      store,
      ffmpeg: o.ffmpeg,
      timeoutMs: o.timeoutMs ?? 30 * 60_000,
      log: o.log,
    }).catch((err: unknown) => {
      if (err instanceof FfmpegMissingError)
        o.log.warn({ streamId: rec.streamId, file: name }, 'no ffmpeg: the MP4 is left out of the recording');
      else if (err instanceof MediaEncodeError)
        o.log.error({ err, streamId: rec.streamId, file: name }, 'MP4 not made: left out of the recording');
      else throw err;
      return undefined;
    });
    if (file) files.push(file);
  }
  return files;
}

export interface VideoOptions {
  ffmpeg: string | undefined;
  log: Logger;
  /** Longest an ffmpeg run may take (default 30 min). */
  timeoutMs?: number;
}

/**
 * Stores the mixed WAV (`audio.wav`), one WAV per speaker when audio was per participant
 * (`audio-<user key>.wav`, the same length: sample 0 and the end are the meeting's), an MP4 per video and
 * share track, then the manifest.
 */
export async function writeRecording(
  rec: StreamRecording,
  store: RecordingStore,
  by: 'stopped' | 'idle',
  video: VideoOptions,
): Promise<Finished | undefined> {
  const start = rec.startTimestamp();
  if (start === undefined) return undefined;
  const audio = await writeAudio(rec, store);
  const images = await writeVideo(rec, store, video);
  const ends = [
    audio?.endTimestamp ?? start,
    rec.endMark ?? start,
    ...images.map((f) => (f.startTimestamp ?? start) + f.durationMs),
  ];
  const manifest: RecordingManifest = {
    v: 1,
    streamId: rec.streamId,
    meetingUuid: rec.meetingUuid,
    startTimestamp: start,
    endTimestamp: Math.max(...ends),
    finalisedBy: by,
    finalisedAt: Date.now(),
    participants: rec.participantList(),
    files: [...(audio?.files ?? []), ...images],
  };
  const text = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  await store.putFile(`${rec.streamId}/manifest.json`, async function* () {
    yield text;
  });
  return { manifest };
}
