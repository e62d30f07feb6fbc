import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { type ConsumerSpec, recordingStreamFilter, Streams } from '@rtms/contracts';
import type { Logger } from 'pino';
import { type FrameContext, placeMessage } from './frames.js';
import type { StreamRecording } from './recording.js';
import { replayUnacked } from './replay.js';

// One recorded stream this replica holds the lease of: its own durable consumer (`media-recorder-<id>`,
// ack policy all), the messages read in order with whether each is stored yet, and the one acknowledgement
// per checkpoint of the longest stored run. Per stream, so one stream's slow finalising (an MP4 being
// encoded) holds back only its own acknowledgements.

interface Entry {
  msg: JsMsg;
  done: () => boolean;
  /** From the durable (acked with ack all), not from the replay of what a dead holder was delivered. */
  durable: boolean;
}

export class StreamWorker {
  private fifo: Entry[] = [];
  private head = 0;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  /** Set when the lease was lost or the replica stops: nothing more is placed. */
  stopped = false;

  constructor(
    readonly rec: StreamRecording,
    readonly spec: ConsumerSpec,
    /** The lease's revision and when it was first acquired (renewals keep it). */
    public leaseRevision: number,
    readonly acquiredAt: number,
    private readonly js: JetStreamClient,
    private readonly frames: FrameContext,
    private readonly log: Logger,
  ) {}

  /** Reads again what a previous holder was delivered but did not acknowledge, then follows the durable. */
  async start(): Promise<void> {
    const consumer = await this.js.consumers.get(Streams.media, this.spec.durable);
    await replayUnacked(
      this.js,
      await consumer.info(),
      recordingStreamFilter(this.rec.streamId),
      async (msg) => this.place(msg, false),
      this.log,
    );
    this.messages = await consumer.consume({ max_messages: 500 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const msg of messages) {
        if (this.stopped) break;
        this.place(msg, true);
      }
    })().catch((err: unknown) => {
      if (!this.stopped) this.log.error({ err, streamId: this.rec.streamId }, 'stream consumer ended');
    });
  }

  private place(msg: JsMsg, durable: boolean): void {
    if (this.stopped) return;
    this.rec.lastSeen = Date.now();
    this.fifo.push({ msg, done: placeMessage(this.rec, msg, this.frames), durable });
  }

  /** Acknowledges (ack all) the longest run of read messages that are stored; true when all read are. */
  ackDone(): boolean {
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
    return this.head === this.fifo.length;
  }

  /** Stops reading (the lease is lost, the recording is final, or the replica shuts down). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    this.rec.decoders.close();
  }
}
