import { DeliverPolicy, type JetStreamClient, type OrderedConsumerOptions } from '@nats-io/jetstream';
import { decodeJson, Streams, Subjects } from '@rtms/contracts';
import type { Logger } from 'pino';
import type { JsonlEntry } from './render.js';

/**
 * Every valid segment JetStream holds for one stream (`rtms.transcript.<id>` in RTMS_TRANSCRIPTS), revisions
 * included, in stream order, with its sequence: what the sink's JSONL file holds, read without the file. An
 * ordered consumer reads up to the last message there was when it started; invalid messages are left out.
 */
export async function readStreamSegments(
  js: JetStreamClient,
  streamId: string,
  logger: Logger,
): Promise<JsonlEntry[]> {
  const consumer = await js.consumers.get(Streams.transcripts, {
    filter_subjects: Subjects.transcript(streamId),
    deliver_policy: DeliverPolicy.All,
  } satisfies Partial<OrderedConsumerOptions>);
  const entries: JsonlEntry[] = [];
  try {
    if ((await consumer.info(true)).num_pending === 0) return entries;
    const messages = await consumer.consume();
    try {
      for await (const msg of messages) {
        const decoded = decodeJson('transcript', msg.subject, msg.data);
        if (decoded.ok) entries.push({ ...decoded.value, seq: msg.seq });
        else
          logger.warn({ subject: msg.subject, seq: msg.seq, err: decoded.error }, 'invalid message left out');
        if (msg.info.pending === 0) break;
      }
    } finally {
      await messages.close();
    }
    return entries;
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}
