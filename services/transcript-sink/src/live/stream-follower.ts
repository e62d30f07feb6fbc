import { setTimeout as delay } from 'node:timers/promises';
import {
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JsMsg,
  type OrderedConsumerOptions,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { isPermissionViolation } from './meeting-starts.js';

export interface StreamFollowerSettings {
  js: JetStreamClient;
  stream: string;
  /** One filter subject (nats-server 2.9). */
  filter: string;
  logger: Logger;
  /** Called for every message, in stream order, from the first one kept. */
  onMessage: (msg: JsMsg) => void;
  /** Wait before trying again when the stream is missing or the consumer failed (5 s). */
  retryMs?: number;
}

/**
 * Reads a stream's messages on one subject from the start, then follows it, with an ordered consumer
 * (ephemeral, no acks: nothing to provision or clean up). A missing stream or a failed consumer is retried,
 * resuming after the last message handled, until `stop()`; a NATS user not allowed to read it gives up at once
 * (one warning), since asking again would be refused again.
 */
export class StreamFollower {
  private stopped = false;
  private messages: ConsumerMessages | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private nextSeq = 0;

  constructor(private readonly settings: StreamFollowerSettings) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.messages?.close().catch(() => undefined);
    await this.running;
  }

  private async run(): Promise<void> {
    const { js, stream, filter, logger } = this.settings;
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(stream, {
          filter_subjects: filter,
          ...(this.nextSeq > 0 ? { opt_start_seq: this.nextSeq } : { deliver_policy: DeliverPolicy.All }),
        } satisfies Partial<OrderedConsumerOptions>);
        this.messages = await consumer.consume();
        if (this.stopped) await this.messages.close();
        for await (const msg of this.messages) {
          this.nextSeq = msg.seq + 1;
          this.settings.onMessage(msg);
        }
      } catch (err) {
        if (isPermissionViolation(err)) {
          logger.warn({ stream, filter }, 'this NATS user may not read the stream: not followed');
          return;
        }
        logger.debug({ err, stream, filter }, 'stream not readable yet; trying again');
      }
      if (this.stopped) return;
      await delay(this.settings.retryMs ?? 5000, undefined, { signal: this.abort.signal }).catch(
        () => undefined,
      );
    }
  }
}
