import type { ObjectInfo } from '@nats-io/obj';
import type { RecordingManifest } from '@rtms/contracts';
import { wavFormatName } from '../format.js';
import { liveAudio } from '../live-audio.js';
import type { RecordingState } from '../recording.js';
import type { ImageKind, RecordingStore, StoredImagePart, StoredPart } from '../store.js';
import { usualGap } from '../video/frame-times.js';

// GET /recordings: every recording in the bucket, read from the bucket itself (any replica gives the same
// answer, and it is right after a restart). A finalised recording is described by its manifest; a running
// one by its state.json and the parts stored so far: its WAVs as they stand (served by the recording routes
// from the parts, live-audio.ts) and its MP4s of the frames stored so far (made on request, live-video.ts),
// the manifest once it is finalised.

interface ListedFile {
  /** File name inside the recording (`audio.wav`, `manifest.json`). */
  name: string;
  /** Absent for a running recording's MP4: it is made on request. */
  bytes?: number;
  format: string;
  durationMs?: number;
  /** An MP4's first frame (media time). */
  startTimestamp?: number;
  sha256?: string;
  userId?: string;
  /** Path on this server: `/recordings/<id>/<name>`. */
  url: string;
}

interface ListedRecording {
  id: string;
  meetingUuid: string;
  state: 'recording' | 'final';
  /** Media time of the first and last sample (Zoom timestamps, ms); the last so far while recording. */
  startTimestamp: number;
  endTimestamp: number;
  /** endTimestamp − startTimestamp: while recording, the audio stored so far. */
  durationMs: number;
  finalisedBy?: RecordingManifest['finalisedBy'];
  participants: RecordingManifest['participants'];
  files: ListedFile[];
}

/** Path of a file on this server. */
const fileUrl = (id: string, name: string) =>
  `/recordings/${encodeURIComponent(id)}/${encodeURIComponent(name)}`;

interface Group {
  manifest?: ObjectInfo;
  state?: ObjectInfo;
  /** Stored audio parts (running recordings). */
  parts: StoredPart[];
  /** Stored video and share parts (running recordings), by first frame. */
  images: StoredImagePart[];
}

/**
 * A running recording's MP4 from its parts' names alone (the parts are not read): from the first stored
 * frame to the last, plus the last frame's time on screen. That is the usual gap between frames, estimated
 * as the median gap between one part's last frame and the next part's first (one frame interval when no frame
 * is missing there; 200 ms with a single part): the MP4's duration when the frame rate is steady.
 */
function liveMp4Row(state: RecordingState, kind: ImageKind, parts: StoredImagePart[]) {
  const own = parts.filter((p) => p.kind === kind); // sorted by the index
  const format = state.images?.[kind];
  if (!format || own.length === 0) return undefined;
  const first = (own[0] as StoredImagePart).first;
  const last = own.reduce((max, p) => Math.max(max, p.last), first);
  const gaps = own.slice(1).map((p, i) => p.first - (own[i] as StoredImagePart).last);
  return { name: `${kind}.mp4`, startTimestamp: first, durationMs: last - first + usualGap(gaps) };
}

export class RecordingList {
  /** Parsed manifests and states by object name, kept while the object's digest is the same. */
  private readonly cache = new Map<string, { digest: string; value: unknown }>();

  constructor(private readonly store: RecordingStore) {}

  async list(): Promise<ListedRecording[]> {
    const index = await this.store.index();
    const ids = new Set([...index.manifests.keys(), ...index.states.keys()]);
    const rows = await Promise.all(
      [...ids].map((id) =>
        this.row(id, {
          manifest: index.manifests.get(id),
          state: index.states.get(id),
          parts: index.parts.get(id) ?? [],
          images: index.images.get(id) ?? [],
        }),
      ),
    );
    return rows
      .filter((r): r is ListedRecording => r !== undefined)
      .sort((a, b) => b.startTimestamp - a.startTimestamp);
  }

  private async row(id: string, g: Group): Promise<ListedRecording | undefined> {
    if (g.manifest) {
      const manifest = await this.read<RecordingManifest>(g.manifest);
      if (!manifest) return undefined;
      const files: ListedFile[] = manifest.files.map((f) => {
        const name = f.name.slice(id.length + 1);
        return { ...f, name, url: fileUrl(id, name) };
      });
      files.push({
        name: 'manifest.json',
        bytes: g.manifest.size,
        format: 'application/json',
        url: fileUrl(id, 'manifest.json'),
      });
      return {
        id,
        meetingUuid: manifest.meetingUuid,
        state: 'final',
        startTimestamp: manifest.startTimestamp,
        endTimestamp: manifest.endTimestamp,
        durationMs: manifest.endTimestamp - manifest.startTimestamp,
        finalisedBy: manifest.finalisedBy,
        participants: manifest.participants,
        files,
      };
    }
    if (!g.state) return undefined;
    const state = await this.read<RecordingState>(g.state);
    if (!state) return undefined;
    const live = liveAudio(state, g.parts);
    const format = state.format && wavFormatName(state.format);
    const mp4s = state.final
      ? []
      : (['video', 'share'] as const).flatMap((kind) => liveMp4Row(state, kind, g.images) ?? []);
    return {
      id,
      meetingUuid: state.meetingUuid,
      state: 'recording',
      startTimestamp: state.startTimestamp,
      endTimestamp: live?.endTimestamp ?? state.startTimestamp,
      durationMs: live?.durationMs ?? 0,
      participants: state.participants,
      files: [
        ...(live?.files ?? []).map((f) => ({
          name: f.name,
          bytes: f.layout.size,
          format: format as string,
          durationMs: live?.durationMs ?? 0,
          url: fileUrl(id, f.name),
          ...(f.userId === undefined ? {} : { userId: f.userId }),
        })),
        ...mp4s.map((f) => ({ ...f, format: 'video/mp4;codec=avc1', url: fileUrl(id, f.name) })),
      ],
    };
  }

  private async read<T>(info: ObjectInfo): Promise<T | undefined> {
    const hit = this.cache.get(info.name);
    if (hit && hit.digest === info.digest) return hit.value as T;
    const value = await this.store.getJson<T>(info.name).catch(() => undefined);
    if (value === undefined) return undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(info.name, { digest: info.digest, value });
    return value;
  }
}
