import type { JetStreamManager } from '@nats-io/jetstream';
import { Streams, Subjects } from '@rtms/contracts';

/**
 * Answers "has this sink's transcript consumer handled every segment of a stream yet?": the last message on
 * `rtms.transcript.<id>` is at or below the consumer's ack floor. The lifecycle and transcript consumers run
 * independently, so a stop can arrive before the stream's last segments have been written.
 */
export class StreamProgress {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly consumer: string,
  ) {}

  /** Stream sequence of the stream's last transcript message, or 0 when it has none. */
  async lastSeq(streamId: string): Promise<number> {
    const msg = await this.jsm.streams.getMessage(Streams.transcripts, {
      last_by_subj: Subjects.transcript(streamId),
    });
    return msg?.seq ?? 0;
  }

  async caughtUp(streamId: string): Promise<{ caughtUp: boolean; lastSeq: number; ackFloor: number }> {
    const lastSeq = await this.lastSeq(streamId);
    if (lastSeq === 0) return { caughtUp: true, lastSeq, ackFloor: 0 };
    const info = await this.jsm.consumers.info(Streams.transcripts, this.consumer);
    const ackFloor = info.ack_floor.stream_seq;
    return { caughtUp: ackFloor >= lastSeq, lastSeq, ackFloor };
  }

  /** Segments the consumer has not been handed yet (for the lag metric). */
  async pending(): Promise<number> {
    const info = await this.jsm.consumers.info(Streams.transcripts, this.consumer);
    return info.num_pending;
  }
}
