import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { Consumers, decodeJson, lastToken, Streams } from '@rtms/contracts';
import type { Logger } from 'pino';
import { RecorderClosedError } from './errors.js';
import { writeRecording } from './finalise.js';
import { type AudioFormat, parseAudioFormat } from './format.js';
import { type FrameContext, frameHeaders, placeAudio, placeImage } from './frames.js';
import type { RecorderMetrics } from './metrics.js';
import { type RecordingState, StreamRecording } from './recording.js';
import { replayUnacked } from './replay.js';
import { imagePartName, partName, type RecordingStore, type StoredIndex, stateName } from './store.js';

// The durable consumer of RTMS_MEDIA (ack policy `all`) and the checkpoints. Frames are placed in their
// stream's track as they are read; every checkpoint stores the new samples of each stream as a part object,
// then acknowledges the longest run of read messages whose samples are all stored. A recorder killed between
// checkpoints is handed the rest again on restart; samples already stored are skipped, so a recording has no
// gap and no doubled audio at a restart (docs/media-recorder.md, "Resuming").

export interface RecorderSettings {
  checkpointMs: number;
  idleTimeoutMs: number;
  /** ffmpeg's binary for the MP4s of video and share; undefined: none is made (warned at start). */
  ffmpeg: string | undefined;
}

interface Entry {
  msg: JsMsg;
  done: () => boolean;
  /** From the durable (acked with ack all), not from the start-up replay. */
  durable: boolean;
}

const DONE = () => true;
/** `rtms.recording.<kind>.<id>` (contracts RecordingSubjects). */
const PREFIX = 'rtms.recording.';

export class Recorder {
  private readonly streams = new Map<string, StreamRecording>();
  private readonly formats = new Map<string, AudioFormat | undefined>();
  private fifo: Entry[] = [];
  private head = 0;
  private index: StoredIndex | undefined;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  consuming = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly store: RecordingStore,
    private readonly settings: RecorderSettings,
    private readonly metrics: RecorderMetrics,
    private readonly log: Logger,
  ) {
    this.frames = { metrics, log, audioFormat: (header) => this.formatOf(header) };
  }

  private readonly frames: FrameContext;

  async start(): Promise<void> {
    this.index = await this.store.index();
    // Unfinished recordings come back at once, so an idle one is finalised even if nothing more arrives.
    for (const streamId of this.index.states) await this.recordingOf(streamId);
    const consumer = await this.js.consumers.get(Streams.media, Consumers.mediaRecorder);
    await replayUnacked(this.js, await consumer.info(), (msg) => this.handle(msg, false), this.log);
    this.messages = await consumer.consume({ max_messages: 1000 });
    this.consuming = true;
    this.loop = (async () => {
      for await (const msg of this.messages as ConsumerMessages) await this.handle(msg, true);
    })().finally(() => {
      this.consuming = false;
    });
    this.timer = setInterval(() => void this.checkpoint(false), this.settings.checkpointMs);
  }

  /** Stops reading, stores what was read (not finalised) and acknowledges it. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
    await this.running;
    await this.checkpoint(true);
    this.closed = true;
    await this.running;
  }

  /** Recordings not finalised yet. */
  openRecordings(): string[] {
    return [...this.streams.values()].filter((r) => !r.final).map((r) => r.streamId);
  }

  private async recordingOf(streamId: string): Promise<StreamRecording> {
    let rec = this.streams.get(streamId);
    if (rec) return rec;
    rec = new StreamRecording(streamId);
    this.streams.set(streamId, rec);
    if (this.index?.states.has(streamId)) {
      const state = await this.store.getJson<RecordingState>(stateName(streamId));
      if (state) rec.restore(state, this.index.parts.get(streamId) ?? [], this.index.images.get(streamId));
      this.log.info(
        { streamId, final: rec.final, parts: rec.parts.length },
        'recording resumed from the bucket',
      );
    }
    this.metrics.open.set(this.openRecordings().length);
    return rec;
  }

  private async handle(msg: JsMsg, durable: boolean): Promise<void> {
    const streamId = lastToken(msg.subject);
    const rec = await this.recordingOf(streamId);
    rec.lastSeen = Date.now();
    this.fifo.push({ msg, done: this.place(rec, msg), durable });
  }

  private place(rec: StreamRecording, msg: JsMsg): () => boolean {
    const kind = msg.subject.slice(PREFIX.length, msg.subject.lastIndexOf('.'));
    if (kind === 'mark') return this.mark(rec, msg);
    const headers = frameHeaders(msg, this.frames);
    if (!headers) return DONE;
    if (kind === 'video' || kind === 'share') return placeImage(rec, kind, headers, msg.data, this.frames);
    return placeAudio(rec, headers, msg.data, this.frames);
  }

  private mark(rec: StreamRecording, msg: JsMsg): () => boolean {
    const decoded = decodeJson('recordingMark', msg.subject, msg.data);
    if (!decoded.ok) {
      this.log.warn(
        { subject: msg.subject, seq: msg.seq, err: decoded.error },
        'invalid recording mark: skipped',
      );
      return DONE;
    }
    const mark = decoded.value;
    rec.meetingUuid ||= mark.meetingUuid;
    if (mark.kind === 'start') {
      rec.start(mark.timestamp);
      return () => rec.final || (rec.state() !== undefined && rec.stateStored);
    }
    rec.endMark = mark.timestamp;
    return () => rec.final;
  }

  private formatOf(header: string): AudioFormat | undefined {
    if (!this.formats.has(header)) {
      let format: AudioFormat | undefined;
      try {
        format = parseAudioFormat(header);
      } catch (err) {
        this.log.warn({ err }, 'audio format not understood');
      }
      this.formats.set(header, format);
    }
    return this.formats.get(header);
  }

  /** One checkpoint at a time; `flush` (shutdown) stores everything read and finalises nothing. */
  checkpoint(flush: boolean): Promise<void> {
    if (this.running || this.closed) return this.running ?? Promise.resolve();
    const started = performance.now();
    this.running = this.runCheckpoint(flush)
      .catch((err: unknown) => {
        if (!(err instanceof RecorderClosedError))
          this.log.error({ err }, 'checkpoint failed; retried at the next one');
      })
      .finally(() => {
        this.metrics.checkpointSeconds.observe((performance.now() - started) / 1000);
        this.running = undefined;
      });
    return this.running;
  }

  private async runCheckpoint(flush: boolean): Promise<void> {
    const now = Date.now();
    for (const rec of this.streams.values()) {
      if (rec.final) continue;
      const idle = now - rec.lastSeen >= this.settings.idleTimeoutMs;
      if (!flush && (rec.endMark !== undefined || idle))
        await this.finalise(rec, rec.endMark !== undefined ? 'stopped' : 'idle');
      else await this.commit(rec, flush);
    }
    this.ackDone();
    this.metrics.open.set(this.openRecordings().length);
  }

  private async commit(rec: StreamRecording, all: boolean): Promise<void> {
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

  private async finalise(rec: StreamRecording, by: 'stopped' | 'idle'): Promise<void> {
    await this.commit(rec, true);
    const finished = await this.retrying(() =>
      writeRecording(rec, this.store, by, { ffmpeg: this.settings.ffmpeg, log: this.log }),
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

  /** Acknowledges (ack all) the longest run of read messages that are stored. */
  private ackDone(): void {
    let last: JsMsg | undefined;
    while (this.head < this.fifo.length && (this.fifo[this.head] as Entry).done()) {
      const entry = this.fifo[this.head] as Entry;
      if (entry.durable) last = entry.msg;
      this.head += 1;
    }
    last?.ack();
    if (this.head > 4096 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
  }
}
