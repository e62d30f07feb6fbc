import type { ObjectInfo } from '@nats-io/obj';
import type { RecordingManifest } from '@rtms/contracts';
import { wavFormatName } from '../format.js';
import { liveAudio } from '../live-audio.js';
import type { RecordingState } from '../recording.js';
import { audioPartOf, type RecordingStore, type StoredPart } from '../store.js';

// GET /recordings: every recording in the bucket, read from the bucket itself (any replica gives the same
// answer, and it is right after a restart). A finalised recording is described by its manifest; a running
// one by its state.json and the parts stored so far: its WAVs as they stand (served by the recording routes
// from the parts, live-audio.ts), the other files once it is finalised.

interface ListedFile {
  /** File name inside the recording (`audio.wav`, `manifest.json`). */
  name: string;
  bytes: number;
  format: string;
  durationMs?: number;
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

const NAME = /^([A-Za-z0-9_-]+)\/([^/]+)$/;

/** Path of a file on this server. */
const fileUrl = (id: string, name: string) =>
  `/recordings/${encodeURIComponent(id)}/${encodeURIComponent(name)}`;

interface Group {
  manifest?: ObjectInfo;
  state?: ObjectInfo;
  /** Stored audio parts (running recordings). */
  parts: StoredPart[];
}

export class RecordingList {
  /** Parsed manifests and states by object name, kept while the object's digest is the same. */
  private readonly cache = new Map<string, { digest: string; value: unknown }>();

  constructor(private readonly store: RecordingStore) {}

  async list(): Promise<ListedRecording[]> {
    const groups = new Map<string, Group>();
    const group = (id: string) => {
      const g = groups.get(id) ?? { parts: [] };
      groups.set(id, g);
      return g;
    };
    for (const info of await this.store.list()) {
      const part = audioPartOf(info.name);
      if (part) group(part.streamId).parts.push(part);
      const m = NAME.exec(info.name);
      if (m?.[2] === 'manifest.json') group(m[1] as string).manifest = info;
      else if (m?.[2] === 'state.json') group(m[1] as string).state = info;
    }
    const rows = await Promise.all([...groups].map(([id, g]) => this.row(id, g)));
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
    return {
      id,
      meetingUuid: state.meetingUuid,
      state: 'recording',
      startTimestamp: state.startTimestamp,
      endTimestamp: live?.endTimestamp ?? state.startTimestamp,
      durationMs: live?.durationMs ?? 0,
      participants: state.participants,
      files: (live?.files ?? []).map((f) => ({
        name: f.name,
        bytes: f.layout.size,
        format: format as string,
        durationMs: live?.durationMs ?? 0,
        url: fileUrl(id, f.name),
        ...(f.userId === undefined ? {} : { userId: f.userId }),
      })),
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
