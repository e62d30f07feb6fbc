import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import type { ObjectInfo } from '@nats-io/obj';

// Bytes [start, end] of an object in a NATS object store, read from its chunks without the bytes before them.
// An object is stored as messages on `$O.<bucket>.C.<nuid>` in stream `OBJ_<bucket>`, each exactly
// `max_chunk_size` bytes but the last (how @nats-io/obj writes them). The chunk holding `start` is found with
// a headers-only pass (a few bytes per chunk), then an ordered consumer reads from it, a few chunks ahead at
// most: a slow client holds the reader back instead of filling memory (the library's get() buffers a whole
// object), and a seek into an hour of audio does not read the hour before it.

const DEFAULT_CHUNK = 128 * 1024;
/** Chunks fetched ahead of the client (128 KiB each by default). */
const AHEAD = 4;

/** Stream sequence of the `index`th chunk (0-based) of an object. */
async function chunkSequence(js: JetStreamClient, stream: string, subject: string, index: number) {
  const oc = await js.consumers.get(stream, { filter_subjects: subject, headers_only: true });
  const messages = await oc.consume({ max_messages: 256 });
  try {
    let i = 0;
    for await (const m of messages) {
      if (i === index) return m.seq;
      i += 1;
      if (m.info.pending === 0) break;
    }
    return undefined;
  } finally {
    await messages.close().catch(() => undefined);
    await oc.delete().catch(() => undefined);
  }
}

/** Yields the object's bytes from `start` to `end` (inclusive); stopping early (a client gone) frees the consumer. */
export async function* readObjectRange(
  js: JetStreamClient,
  info: ObjectInfo,
  start: number,
  end: number,
): AsyncGenerator<Uint8Array> {
  if (info.size === 0 || end < start) return;
  const stream = `OBJ_${info.bucket}`;
  const subject = `$O.${info.bucket}.C.${info.nuid}`;
  const chunkSize = info.options?.max_chunk_size || DEFAULT_CHUNK;
  const first = Math.floor(start / chunkSize);
  const seq = first > 0 ? await chunkSequence(js, stream, subject, first) : undefined;
  if (first > 0 && seq === undefined) return;
  const oc = await js.consumers.get(stream, {
    filter_subjects: subject,
    ...(seq === undefined ? {} : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq }),
  });
  const messages = await oc.consume({ max_messages: AHEAD });
  let offset = first * chunkSize;
  try {
    for await (const m of messages) {
      const from = Math.max(0, start - offset);
      const to = Math.min(m.data.length, end + 1 - offset);
      if (to > from) yield m.data.subarray(from, to);
      offset += m.data.length;
      if (offset > end || m.info.pending === 0) break;
    }
  } finally {
    await messages.close().catch(() => undefined);
    await oc.delete().catch(() => undefined);
  }
}
