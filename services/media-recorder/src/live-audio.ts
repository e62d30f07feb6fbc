import { isRecordable } from './format.js';
import { type RecordingState, speakerKey } from './recording.js';
import type { StoredPart } from './store.js';
import { type WavLayout, wavLayout } from './wav-file.js';

// The WAVs of a recording that is still running, as they stand in the bucket: the same files finalising will
// write (`audio.wav`, `audio-<user>.wav` per speaker; wav-file.ts), of the parts stored so far. Parts are
// stored at each checkpoint with the samples up to the previous checkpoint (docs/media-recorder.md,
// "Reading a running recording"), so the files end between one and two RECORDING_CHECKPOINT_MS before now.

interface LiveFile {
  /** File name in the recording: `audio.wav`, `audio-<user key>.wav`. */
  name: string;
  userId?: string;
  layout: WavLayout;
}

export interface LiveAudio {
  durationMs: number;
  /** Media time of the end of the stored audio. */
  endTimestamp: number;
  files: LiveFile[];
}

/** The running recording's WAVs from its state and stored audio parts; undefined when final or without audio. */
export function liveAudio(state: RecordingState, parts: StoredPart[]): LiveAudio | undefined {
  const format = state.format;
  if (state.final || !format || !isRecordable(format)) return undefined;
  // Every file has the same length, as when finalised: through the last stored part of any track.
  const endSample = parts.reduce((max, p) => Math.max(max, p.end), 0);
  const durationMs = (endSample * 1000) / format.rate;
  const bySpeaker = new Map<string | undefined, StoredPart[]>([[undefined, []]]);
  for (const p of parts) {
    const own = bySpeaker.get(p.speaker) ?? [];
    own.push(p);
    bySpeaker.set(p.speaker, own);
  }
  const userIds = new Map(state.participants.map((p) => [speakerKey(p.userId), p.userId]));
  const files = [...bySpeaker].map(([key, own]): LiveFile => {
    const layout = wavLayout(format, own, endSample);
    if (key === undefined) return { name: 'audio.wav', layout };
    const userId = userIds.get(key);
    return { name: `audio-${key}.wav`, layout, ...(userId === undefined ? {} : { userId }) };
  });
  return { durationMs, endTimestamp: state.startTimestamp + durationMs, files };
}
