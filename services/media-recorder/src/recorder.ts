import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { lastToken, RecordingSubjectPatterns, recorderConsumerSpec, Streams } from '@rtms/contracts';
import { claimSpreadMs, provisionTopology } from '@rtms/nats';
import type { Logger } from 'pino';
import { RecorderClosedError } from './errors.js';
import { type AudioFormat, parseAudioFormat } from './format.js';
import type { FrameContext } from './frames.js';
import type { RecorderLeases } from './leases.js';
import type { RecorderMetrics } from './metrics.js';
import { type RecordingState, StreamRecording } from './recording.js';
import { RecordingWriter } from './recording-writer.js';
import { type RecordingStore, stateName } from './store.js';
import { StreamWorker } from './stream-worker.js';
import { delay, eachLimited, shuffle } from './task-helpers.js';

// The recorder replica: finds recorded streams (RTMS_MEDIA's subjects, and at start-up the unfinished
// recordings in the bucket), claims each free one with a lease in `media-recorder-leases`, and reads a claimed
// stream from its own durable (StreamWorker). Every checkpoint stores the new media of each held stream and
// acknowledges it; a stream whose end mark was read (or that idled out) is finalised, its durable deleted and
// its lease released. Any number of replicas share the streams, one writer each (docs/media-recorder.md).

/** Lease claims and renewals in flight at once. */
const CONCURRENCY = 32;
/** Recordings finalised at once (each writes its WAVs and may run ffmpeg). */
const MAX_FINALISING = 4;

export interface RecorderSettings {
  checkpointMs: number;
  idleTimeoutMs: number;
  /** How often free streams are looked for and claimed. */
  claimIntervalMs: number;
  /** Claim delay per stream held (or being claimed): less loaded replicas claim first. */
  claimSpreadMs: number;
  /** ffmpeg's binary for the MP4s of JPEG/PNG video and share; undefined: none is made (warned at start). */
  ffmpeg: string | undefined;
}

export class Recorder {
  private readonly workers = new Map<string, StreamWorker>();
  /** Streams known finalised (by this replica or found so): not claimed again. */
  private readonly finished = new Set<string>();
  /** Unfinished recordings found in the bucket at start-up: claimed even without media left in RTMS_MEDIA. */
  private readonly orphans = new Set<string>();
  private readonly formats = new Map<string, AudioFormat | undefined>();
  private readonly frames: FrameContext;
  private readonly writer: RecordingWriter;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | undefined;
  private claiming: Promise<void> | undefined;
  private renewing = false;
  /** Recordings being finalised (their files written), off the checkpoint loop. */
  private readonly finalising = new Map<StreamWorker, Promise<void>>();
  private closed = false;
  /** Claims waiting out their spread; cut short at close. */
  private readonly claimWaits = new AbortController();
  private claimsInFlight = 0;
  consuming = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly nc: Parameters<typeof provisionTopology>[0],
    private readonly store: RecordingStore,
    private readonly leases: RecorderLeases,
    private readonly settings: RecorderSettings,
    private readonly metrics: RecorderMetrics,
    private readonly log: Logger,
  ) {
    this.frames = { metrics, log, audioFormat: (header) => this.formatOf(header) };
    this.writer = new RecordingWriter(store, metrics, log, settings.ffmpeg);
  }

  async start(): Promise<void> {
    const index = await this.store.index();
    for (const streamId of index.states.keys()) this.orphans.add(streamId);
    await this.claimFree();
    this.consuming = true;
    this.timers = [
      setInterval(() => void this.checkpoint(false), this.settings.checkpointMs),
      setInterval(() => void this.claimFree(), this.settings.claimIntervalMs),
      setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.leases.ttlMs / 3))),
    ];
  }

  /** Stops reading, stores and acknowledges what was read (not finalised), gives the leases back. */
  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.consuming = false;
    this.claimWaits.abort();
    await this.claiming;
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    await this.running;
    await Promise.all(this.finalising.values());
    await this.checkpoint(true);
    this.closed = true;
    this.writer.closed = true;
    await this.running;
    for (const w of this.workers.values())
      await this.leases.release(w.rec.streamId, w.leaseRevision).catch(() => undefined);
  }

  /** Recordings this replica is writing. */
  openRecordings(): string[] {
    return [...this.workers.values()].filter((w) => !w.rec.final).map((w) => w.rec.streamId);
  }

  private claimFree(): Promise<void> {
    if (this.claiming || this.closed) return this.claiming ?? Promise.resolve();
    this.claiming = this.runClaims()
      .catch((err: unknown) => this.log.warn({ err }, 'looking for recorded streams failed; retried'))
      .finally(() => {
        this.claiming = undefined;
      });
    return this.claiming;
  }

  /** Streams with recorded media in RTMS_MEDIA (one subject per kind), and the start-up orphans. */
  private async runClaims(): Promise<void> {
    const info = await this.jsm.streams.info(Streams.media, {
      subjects_filter: RecordingSubjectPatterns.all,
    });
    const ids = new Set(Object.keys(info.state.subjects ?? {}).map(lastToken));
    for (const id of this.orphans) ids.add(id);
    // In random order, so replicas seeing the same free streams try different ones first.
    const free = shuffle([...ids].filter((id) => !this.workers.has(id) && !this.finished.has(id)));
    await eachLimited(free, CONCURRENCY, async (streamId) => {
      if (this.claimWaits.signal.aborted || (await this.leases.isHeld(streamId))) return; // another replica writes it
      // Held back by this replica's load (the connector's rule): a less loaded replica claims it first.
      this.claimsInFlight++;
      const revision = await delay(
        claimSpreadMs(this.workers.size + this.claimsInFlight - 1, this.settings.claimSpreadMs),
        this.claimWaits.signal,
      )
        .then(() => (this.claimWaits.signal.aborted ? undefined : this.leases.claim(streamId)))
        .finally(() => this.claimsInFlight--);
      if (revision === undefined) return; // another replica writes it, or this one is closing
      this.orphans.delete(streamId);
      await this.open(streamId, revision).catch(async (err: unknown) => {
        this.log.error({ err, streamId }, 'recorded stream not opened; its lease is given back');
        await this.leases.release(streamId, revision).catch(() => undefined);
      });
    });
  }

  /** A claimed stream: back from the bucket if it was recorded before, then read from its durable. */
  private async open(streamId: string, revision: number): Promise<void> {
    const rec = new StreamRecording(streamId);
    if (await this.store.info(stateName(streamId))) {
      const state = await this.store.getJson<RecordingState>(stateName(streamId));
      const index = state && !state.final ? await this.store.index() : undefined;
      if (state) rec.restore(state, index?.parts.get(streamId) ?? [], index?.images.get(streamId));
      this.log.info(
        { streamId, final: rec.final, parts: rec.parts.length },
        'recording resumed from the bucket',
      );
    }
    const spec = recorderConsumerSpec(streamId);
    if (rec.final) {
      // Finalised before (by this replica or another one): late media only; the durable is not needed.
      this.finished.add(streamId);
      await this.jsm.consumers.delete(Streams.media, spec.durable).catch(() => undefined);
      await this.leases.release(streamId, revision);
      return;
    }
    await provisionTopology(this.nc, { consumers: [spec] }, this.log);
    const worker = new StreamWorker(rec, spec, revision, Date.now(), this.js, this.frames, this.log);
    this.workers.set(streamId, worker);
    this.metrics.open.set(this.workers.size);
    await worker.start();
    this.log.info({ streamId, replica: this.leases.replicaId }, 'recording stream claimed');
  }

  private async renewLeases(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    // Many at once: a renewal round must stay well inside the TTL whatever the number of streams.
    await eachLimited([...this.workers.values()], CONCURRENCY, (w) => this.renew(w)).finally(() => {
      this.renewing = false;
    });
    this.metrics.open.set(this.workers.size);
  }

  private async renew(w: StreamWorker): Promise<void> {
    if (this.closed) return;
    const next = await this.leases
      .renew(w.rec.streamId, w.leaseRevision, w.acquiredAt)
      .catch((err: unknown) => {
        this.log.warn({ err, streamId: w.rec.streamId }, 'lease renewal failed; retried');
        return w.leaseRevision;
      });
    if (next !== 'lost') {
      w.leaseRevision = next;
      return;
    }
    // Another replica holds it now (this one stalled past the TTL): stop writing it at once.
    this.log.warn({ streamId: w.rec.streamId }, 'lease lost: another recorder replica writes this stream');
    if (this.workers.get(w.rec.streamId) === w) this.workers.delete(w.rec.streamId);
    await w.stop();
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
    for (const w of [...this.workers.values()]) {
      const rec = w.rec;
      if ((w.stopped && !flush) || this.finalising.has(w)) continue;
      if (!rec.final) {
        const idle = now - rec.lastSeen >= this.settings.idleTimeoutMs;
        const due = !flush && (rec.endMark !== undefined || idle);
        // Finalised off the checkpoint loop (an MP4 may take a while), a few at a time; the others wait their
        // turn and go on storing their parts meanwhile.
        if (due && this.finalising.size < MAX_FINALISING) {
          this.startFinalise(w, rec.endMark !== undefined);
          continue;
        }
        await this.writer.commit(rec, flush);
      }
      const allAcked = w.ackDone();
      if (rec.final && allAcked && !flush) await this.retire(w);
    }
    this.metrics.open.set(this.workers.size);
  }

  private startFinalise(w: StreamWorker, stopped: boolean): void {
    const task = this.writer
      .finalise(w.rec, stopped ? 'stopped' : 'idle')
      .catch((err: unknown) => {
        if (!(err instanceof RecorderClosedError))
          this.log.error(
            { err, streamId: w.rec.streamId },
            'finalising failed; tried again at the next checkpoint',
          );
      })
      .finally(() => this.finalising.delete(w));
    this.finalising.set(w, task);
  }

  /** A finalised stream whose messages are all acknowledged: its durable deleted, its lease released. */
  private async retire(w: StreamWorker): Promise<void> {
    const streamId = w.rec.streamId;
    this.workers.delete(streamId);
    this.finished.add(streamId);
    await w.stop();
    await this.jsm.consumers.delete(Streams.media, w.spec.durable).catch(() => undefined);
    await this.leases.release(streamId, w.leaseRevision).catch(() => undefined);
  }
}
