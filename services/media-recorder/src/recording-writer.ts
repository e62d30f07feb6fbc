import type { Logger } from 'pino';
import { RecorderClosedError } from './errors.js';
import { writeRecording } from './finalise.js';
import type { RecorderMetrics } from './metrics.js';
import type { StreamRecording } from './recording.js';
import { imagePartName, partName, type RecordingStore, stateName } from './store.js';

// What a checkpoint stores of one recording (its state, the new samples and frames of every track as parts),
// and its finalising (the files, the manifest, the state marked final, the parts deleted). Object store
// writes are retried until they succeed: what they hold is only in memory until then.

export class RecordingWriter {
  closed = false;

  constructor(
    private readonly store: RecordingStore,
    private readonly metrics: RecorderMetrics,
    private readonly log: Logger,
    private readonly ffmpeg: string | undefined,
  ) {}

  async commit(rec: StreamRecording, all: boolean): Promise<void> {
    const state = rec.state();
    if (!state) return;
    if (!rec.stateStored) {
      const version = rec.stateVersion;
      await this.persist(stateName(rec.streamId), JSON.stringify(state));
      rec.storedVersion = version;
    }
    const part = rec.track?.take(all);
    if (part) {
      const name = partName(rec.streamId, part.start, part.end);
      await this.persist(name, part.bytes);
      rec.parts.push({ name, start: part.start, end: part.end });
    }
    for (const speaker of rec.speakers.values()) {
      const own = speaker.track.take(all);
      if (!own) continue;
      const name = partName(rec.streamId, own.start, own.end, speaker.key);
      await this.persist(name, own.bytes);
      speaker.parts.push({ name, start: own.start, end: own.end });
    }
    for (const [kind, image] of rec.images) {
      const part = image.track.take(all);
      if (!part) continue;
      const name = imagePartName(rec.streamId, kind, part.first, part.last);
      await this.persist(name, part.bytes);
      image.parts.push({ name, kind, first: part.first, last: part.last });
    }
  }

  async finalise(rec: StreamRecording, by: 'stopped' | 'idle'): Promise<void> {
    await this.commit(rec, true);
    const finished = await this.retrying(() =>
      writeRecording(rec, this.store, by, { ffmpeg: this.ffmpeg, log: this.log }),
    );
    rec.final = true;
    if (rec.state()) {
      rec.stateVersion += 1;
      await this.persist(stateName(rec.streamId), JSON.stringify(rec.state()));
      const parts = [
        ...rec.parts,
        ...[...rec.speakers.values()].flatMap((s) => s.parts),
        ...[...rec.images.values()].flatMap((i) => i.parts),
      ];
      for (const p of parts) await this.retrying(() => this.store.delete(p.name));
    }
    if (finished) {
      const file = finished.manifest.files[0];
      this.metrics.recordedSeconds.inc((file?.durationMs ?? 0) / 1000);
      this.log.info(
        {
          streamId: rec.streamId,
          by,
          durationMs: file?.durationMs,
          files: finished.manifest.files.map((f) => `${f.name} (${f.bytes} B)`),
        },
        'recording finalised',
      );
    }
    this.metrics.finalised.inc({ by });
  }

  private persist(name: string, data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    return this.retrying(() => this.store.putBlob(name, bytes));
  }

  /** Object store writes are retried until they succeed: their samples are only in memory until then. */
  private async retrying<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (err) {
        if (this.closed) throw new RecorderClosedError({ cause: err });
        this.metrics.storeRetries.inc();
        const delayMs = Math.min(250 * 2 ** (attempt - 1), 5000);
        this.log.warn({ err, attempt, delayMs }, 'object store write failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }
}
