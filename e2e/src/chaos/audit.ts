import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@rtms/contracts';
import { waitFor } from '@rtms/testkit';
import type { ZoomSimulator } from '@rtms/zoom-sim';

// What the fault tests count: every message a JetStream stream holds, and what the simulator sent and had
// acknowledged. lost = acknowledged but not stored; doubled = stored more than once.

export interface StoredMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  data: string;
  /** When JetStream stored it, epoch ms. */
  storedAt: number;
}

/**
 * Every message of a stream, in order (an ordered consumer read up to the last sequence at call time). A
 * cluster that is electing a leader answers nothing for a few seconds: the read is tried again until it
 * succeeds (at most 30 s), so a measurement never fails on the fault it measures.
 */
export function readStream(nc: NatsConnection, stream: string): Promise<StoredMessage[]> {
  return waitFor(() => readOnce(nc, stream), {
    timeoutMs: 30_000,
    intervalMs: 250,
    what: `a read of ${stream}`,
  });
}

async function readOnce(nc: NatsConnection, stream: string): Promise<StoredMessage[]> {
  const jsm = await jetstreamManager(nc);
  const last = (await jsm.streams.info(stream)).state.last_seq;
  const out: StoredMessage[] = [];
  if (last === 0) return out;
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.consume({ max_messages: 1000 });
  for await (const m of messages) {
    out.push({
      seq: m.seq,
      subject: m.subject,
      msgId: m.headers?.get('Nats-Msg-Id') || undefined,
      data: m.string(),
      storedAt: m.info.timestampNanos / 1e6,
    });
    if (m.seq >= last) break;
  }
  await messages.close();
  return out;
}

export interface Tally {
  acknowledged: number;
  stored: number;
  lost: number;
  doubled: number;
}

/**
 * Webhooks: every delivery the simulator had answered 2xx (Zoom's "acknowledged") must be in ZOOM_WEBHOOKS
 * exactly once, matched by its exact body. Also counts the 503 answers (Zoom retries those).
 */
export async function auditWebhooks(
  nc: NatsConnection,
  sim: ZoomSimulator,
): Promise<Tally & { unavailable: number }> {
  const stored = new Map<string, number>();
  for (const m of await readStream(nc, Streams.webhooks)) stored.set(m.data, (stored.get(m.data) ?? 0) + 1);
  let acknowledged = 0;
  let lost = 0;
  let unavailable = 0;
  for (const d of sim.webhooks) {
    unavailable += d.attempts.filter((a) => a.status === 503).length;
    if (!d.attempts.some((a) => a.status !== undefined && a.status >= 200 && a.status < 300)) continue;
    acknowledged++;
    if (!stored.has(d.body)) lost++;
  }
  const doubled = [...stored.values()].reduce((n, c) => n + (c - 1), 0);
  return {
    acknowledged,
    stored: [...stored.values()].reduce((a, b) => a + b, 0),
    lost,
    doubled,
    unavailable,
  };
}

/**
 * Transcripts of the given streams: each segment the simulator sent over a connected socket is a distinct
 * message (meetings run with transcriptRevisions off), so stored must equal sent, with no Nats-Msg-Id twice.
 * `sent` counts frames the simulator wrote to the connector's socket.
 */
export async function auditTranscripts(
  nc: NatsConnection,
  sim: ZoomSimulator,
  streamIds: readonly string[],
): Promise<Tally & { perStream: Map<string, number> }> {
  const wanted = new Set(streamIds);
  const ids = new Map<string, number>();
  const perStream = new Map<string, number>();
  let stored = 0;
  for (const m of await readStream(nc, Streams.transcripts)) {
    const streamId = m.subject.split('.').slice(2).join('.');
    if (!wanted.has(streamId)) continue;
    stored++;
    perStream.set(streamId, (perStream.get(streamId) ?? 0) + 1);
    const key = m.msgId ?? `${m.seq}`;
    ids.set(key, (ids.get(key) ?? 0) + 1);
  }
  const sent = streamIds.reduce((n, id) => n + (sim.stream(id)?.framesSent.transcript ?? 0), 0);
  const doubled = [...ids.values()].reduce((n, c) => n + (c - 1), 0);
  return { acknowledged: sent, stored, lost: Math.max(0, sent - ids.size), doubled, perStream };
}
