import { DeliverPolicy, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { Streams } from '@rtms/contracts';
import type { Logger } from 'pino';

/**
 * Messages delivered to a recorder that died before acknowledging them stay with the durable until its ack
 * wait ends, and the durable goes on after them. They are read again here first, in order, from an ordered
 * consumer; the first ack (all) of the durable after them covers them.
 */
export async function replayUnacked(
  js: JetStreamClient,
  info: { ack_floor: { stream_seq: number }; delivered: { stream_seq: number } },
  /** The durable's filter subject (one recorded stream). */
  filter: string,
  handle: (msg: JsMsg) => Promise<void>,
  log: Logger,
): Promise<void> {
  const from = info.ack_floor.stream_seq + 1;
  const to = info.delivered.stream_seq;
  if (to < from) return;
  const ordered = await js.consumers.get(Streams.media, {
    filter_subjects: filter,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: from,
  });
  const messages = await ordered.consume({ max_messages: 1000 });
  let read = 0;
  for await (const msg of messages) {
    if (msg.seq > to) break;
    await handle(msg);
    read += 1;
    if (msg.seq === to || msg.info.pending === 0) break;
  }
  await messages.close().catch(() => undefined);
  await ordered.delete().catch(() => undefined);
  log.info({ from, to, read, filter }, 'read again what was delivered before the restart');
}
