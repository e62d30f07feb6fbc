import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import {
  type CatalogKey,
  type DeadLetter,
  decodeJson,
  encodeJson,
  type PayloadOf,
  Subjects,
} from '@rtms/contracts';
import { type BackoffPolicy, backoffDelay } from '@rtms/retry';
import type { Logger } from 'pino';

/**
 * What to do with a message after the handler ran: ack it, retry later, give up on it, or dead-letter it
 * (`deadLetter`: the handler found a part of the payload its schema does not cover invalid, e.g. a
 * webhook's inner payload; it is copied to `rtms.dlq.<durable>` with the reason and terminated).
 */
export type HandleOutcome = undefined | 'ack' | 'term' | { retryInMs: number } | { deadLetter: string };

export interface ConsumeSettings<K extends CatalogKey> {
  js: JetStreamClient;
  stream: string;
  durable: string;
  /** Catalogue entry whose schema validates every message. */
  key: K;
  logger: Logger;
  handle: (value: PayloadOf<K>, msg: JsMsg) => Promise<HandleOutcome> | Promise<void>;
  /** Messages handled at once (default 1: in order). */
  concurrency?: number;
  /** Redelivery delay after a handler error, by delivery count (default 1 s doubling to 30 s). */
  retryDelayMs?: (deliveryCount: number) => number;
}

export interface RunningConsumer {
  /** Stops fetching, waits for handlers in flight. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended. */
  readonly done: Promise<void>;
}

/** Redelivery after a handler error: 1 s doubling to 30 s. */
const REDELIVERY_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 30_000 };
const defaultRetry = (deliveryCount: number) => backoffDelay(REDELIVERY_BACKOFF, deliveryCount);

/**
 * Runs a durable pull consumer: validates each message against its schema, runs the handler, acks only after
 * the handler succeeded. Invalid messages are logged with subject and sequence, copied to `rtms.dlq.<durable>`
 * and terminated; the loop never dies on one bad message. Handler errors redeliver with backoff.
 */
export async function runConsumer<K extends CatalogKey>(
  settings: ConsumeSettings<K>,
): Promise<RunningConsumer> {
  const log = settings.logger.child({
    component: 'consumer',
    stream: settings.stream,
    consumer: settings.durable,
  });
  const consumer = await settings.js.consumers.get(settings.stream, settings.durable);
  const concurrency = Math.max(1, settings.concurrency ?? 1);
  const messages = await consumer.consume({ max_messages: Math.max(concurrency * 2, 16) });
  const retryDelay = settings.retryDelayMs ?? defaultRetry;
  const inFlight = new Set<Promise<void>>();

  const processOne = async (msg: JsMsg): Promise<void> => {
    const ctx = { subject: msg.subject, seq: msg.seq, delivery: msg.info.deliveryCount };
    const toDeadLetter = (reason: string) =>
      deadLetter(settings.js, settings.durable, msg, reason)
        // No reason on the term: nats-server 2.9 ignores `+TERM <reason>` and the message stays pending.
        .then(() => msg.term())
        .catch((err) => {
          log.error({ ...ctx, err }, 'dead-letter publish failed; will redeliver');
          msg.nak(retryDelay(msg.info.deliveryCount));
        });
    const decoded = decodeJson(settings.key, msg.subject, msg.data);
    if (!decoded.ok) {
      log.warn({ ...ctx, err: decoded.error }, 'invalid message: dead-lettered');
      await toDeadLetter(decoded.error.message);
      return;
    }
    try {
      const outcome = await settings.handle(decoded.value, msg);
      if (outcome === 'term') msg.term();
      else if (outcome && typeof outcome === 'object' && 'deadLetter' in outcome) {
        log.warn({ ...ctx, reason: outcome.deadLetter }, 'message rejected by its handler: dead-lettered');
        await toDeadLetter(outcome.deadLetter);
      } else if (outcome && typeof outcome === 'object') msg.nak(outcome.retryInMs);
      else await msg.ackAck().catch(() => msg.ack());
    } catch (err) {
      const retryInMs = retryDelay(msg.info.deliveryCount);
      log.error({ ...ctx, err, retryInMs }, 'handler failed; message will be redelivered');
      msg.nak(retryInMs);
    }
  };

  const done = (async () => {
    for await (const msg of messages) {
      const p = processOne(msg).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.allSettled(inFlight);
  })();

  return {
    done,
    async stop() {
      await messages.close().catch(() => undefined);
      await done;
    },
  };
}

async function deadLetter(js: JetStreamClient, durable: string, msg: JsMsg, reason: string): Promise<void> {
  const text = safeUtf8(msg.data);
  const letter: DeadLetter = {
    v: 1,
    consumer: durable,
    subject: msg.subject,
    streamSeq: msg.seq,
    reason,
    data: text ?? Buffer.from(msg.data).toString('base64'),
    encoding: text === undefined ? 'base64' : 'utf8',
    at: Date.now(),
  };
  const subject = Subjects.deadLetter(durable);
  await js.publish(subject, encodeJson('deadLetter', subject, letter), {
    msgID: `${durable}:${msg.info.stream}:${msg.seq}`,
  });
}

function safeUtf8(data: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}
