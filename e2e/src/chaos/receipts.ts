import type { NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@rtms/contracts';
import { readStream } from './audit.js';

// Which connector stored what: a stored transcript segment carries `receivedAt`, when a connector read it from
// Zoom. Split at a replica's death, it tells the dead replica's segments from its successors'.

export interface ReceiptSplit {
  /** Distinct segments a connector received before the boundary. */
  before: number;
  /** Distinct segments received from the boundary on, in all and per stream. */
  after: number;
  afterPerStream: Map<string, number>;
}

/**
 * Stored transcript segments of the given streams, split by when a connector received them from Zoom (the
 * segment's `receivedAt`, stamped by the connector on this host's clock): e.g. a killed replica's segments
 * against its successors' (the boundary being its death).
 */
export async function transcriptsAround(
  nc: NatsConnection,
  streamIds: readonly string[],
  boundaryMs: number,
): Promise<ReceiptSplit> {
  const wanted = new Set(streamIds);
  const before = new Set<string>();
  const after = new Map<string, Set<string>>();
  for (const m of await readStream(nc, Streams.transcripts)) {
    const streamId = m.subject.split('.').slice(2).join('.');
    if (!wanted.has(streamId)) continue;
    const { receivedAt } = JSON.parse(m.data) as { receivedAt: number };
    const key = m.msgId ?? `${m.seq}`;
    if (receivedAt < boundaryMs) before.add(key);
    else after.set(streamId, (after.get(streamId) ?? new Set()).add(key));
  }
  const afterPerStream = new Map([...after].map(([id, keys]) => [id, keys.size]));
  return {
    before: before.size,
    after: [...afterPerStream.values()].reduce((a, b) => a + b, 0),
    afterPerStream,
  };
}
