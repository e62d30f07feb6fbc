import { performance } from 'node:perf_hooks';
import type { JetStreamClient } from '@nats-io/jetstream';
import { toHeaders } from '@rtms/nats';
import { type BackoffPolicy, backoffDelay } from '@rtms/retry';
import type { Logger } from 'pino';
import type { ConnectorMetrics, MessageType } from '../metrics.js';

// The JetStream side of publishing. Many publishes are kept in flight (an awaited publish per message caps
// far below what streams produce), the queue is bounded (the oldest message is dropped and counted when NATS
// stays slow or down), and a failed publish is retried with the same Nats-Msg-Id, so the server drops any
// copy that did get stored: a retry never doubles a message.

export interface OutboxSettings {
  maxInFlight: number;
  maxPending: number;
  timeoutMs: number;
  /** A message still unacknowledged this long after it was first sent is dropped (counted). */
  maxAgeMs: number;
}

/** One message to store: subject, bytes, its Nats-Msg-Id and kind (metrics), optional headers. */
export interface OutboxMessage {
  subject: string;
  data: Uint8Array;
  msgID: string;
  type: MessageType;
  /** performance.now() when the Zoom frame arrived; -1 (default) when not from a frame. */
  receivedAt?: number;
  /** Extra headers (a traceparent); a fresh MsgHdrs is made per send (the client adds Nats-Msg-Id to it). */
  headers?: Record<string, string> | undefined;
}

interface Item extends OutboxMessage {
  seq: number;
  receivedAt: number;
  firstSentAt: number;
}

/** Pause after failed publishes in a row: 100 ms doubling to 2 s. */
const RETRY_BACKOFF: BackoffPolicy = { baseMs: 100, maxMs: 2000 };

export class JetStreamOutbox {
  private queue: Item[] = [];
  private head = 0;
  private retry: Item[] = [];
  private inFlight = 0;
  private seq = 0;
  private failures = 0;
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private drainWaiters: (() => void)[] = [];
  private lastDropLog = 0;
  private closed = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly settings: OutboxSettings,
    private readonly metrics: ConnectorMetrics,
    private readonly log: Logger,
  ) {}

  /** Messages queued or awaiting their ack. */
  get pending(): number {
    return this.queue.length - this.head + this.retry.length + this.inFlight;
  }

  enqueue(message: OutboxMessage): void {
    if (this.pending >= this.settings.maxPending) this.dropOldest();
    this.queue.push({ ...message, seq: ++this.seq, receivedAt: message.receivedAt ?? -1, firstSentAt: 0 });
    this.pump();
  }

  /** Resolves once everything queued was acknowledged or given up, or after `timeoutMs`. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.pending === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      new Promise<boolean>((resolve) => this.drainWaiters.push(() => resolve(true))),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return done;
  }

  /** Stops sending (queued messages stay unsent); used after flush during shutdown. */
  close(): void {
    this.closed = true;
    clearTimeout(this.resumeTimer);
  }

  private next(): Item | undefined {
    if (this.retry.length > 0) return this.retry.shift();
    if (this.head >= this.queue.length) return undefined;
    const item = this.queue[this.head];
    this.queue[this.head] = undefined as unknown as Item;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private pump(): void {
    if (this.closed || Date.now() < this.pausedUntil) return;
    while (this.inFlight < this.settings.maxInFlight) {
      const item = this.next();
      if (!item) break;
      this.send(item);
    }
    this.metrics.outboxPending.set(this.pending);
    if (this.pending === 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  private send(item: Item): void {
    this.inFlight += 1;
    if (item.firstSentAt === 0) item.firstSentAt = Date.now();
    const headers = toHeaders(item.headers);
    this.js
      .publish(item.subject, item.data, {
        msgID: item.msgID,
        timeout: this.settings.timeoutMs,
        ...(headers ? { headers } : {}),
      })
      .then(
        () => {
          this.inFlight -= 1;
          this.failures = 0;
          this.metrics.message(item.type);
          if (item.receivedAt >= 0)
            this.metrics.jetstreamLatency((performance.now() - item.receivedAt) / 1000);
          this.pump();
        },
        (err: unknown) => {
          this.inFlight -= 1;
          this.failed(item, err);
        },
      );
  }

  private failed(item: Item, err: unknown): void {
    if (Date.now() - item.firstSentAt > this.settings.maxAgeMs) {
      this.metrics.dropped('jetstream', 'too_old');
      this.log.error(
        { err, subject: item.subject, msgID: item.msgID },
        'JetStream publish failed for too long; dropped',
      );
      this.pump();
      return;
    }
    this.metrics.publishRetry();
    // Keep the original order among retried messages.
    const at = this.retry.findIndex((r) => r.seq > item.seq);
    if (at === -1) this.retry.push(item);
    else this.retry.splice(at, 0, item);
    this.failures += 1;
    const delay = backoffDelay(RETRY_BACKOFF, this.failures);
    if (this.failures === 1 || this.failures % 50 === 0) {
      this.log.warn(
        { err, subject: item.subject, retryInMs: delay, pending: this.pending },
        'JetStream publish failed; retrying',
      );
    }
    this.pausedUntil = Date.now() + delay;
    clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.pausedUntil = 0;
      this.pump();
    }, delay);
    this.resumeTimer.unref();
  }

  private dropOldest(): void {
    const victim = this.head < this.queue.length ? this.next() : this.retry.shift();
    if (!victim) return;
    this.metrics.dropped('jetstream', 'queue_full');
    const now = Date.now();
    if (now - this.lastDropLog > 1000) {
      this.lastDropLog = now;
      this.log.error(
        { subject: victim.subject, maxPending: this.settings.maxPending },
        'JetStream publish queue full (NATS slow or down): dropping the oldest message',
      );
    }
  }
}
