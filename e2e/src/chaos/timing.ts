import type { NatsConnection } from '@nats-io/transport-node';
import { readStream } from './audit.js';

/**
 * Time from `since` to the first message of the stream stored after it (ms, from JetStream's own store
 * timestamps, so the test's polling adds nothing), or -1 when none was.
 */
export async function firstStoredAfter(nc: NatsConnection, stream: string, since: number): Promise<number> {
  const first = (await readStream(nc, stream)).find((m) => m.storedAt > since);
  return first ? Math.round(first.storedAt - since) : -1;
}
