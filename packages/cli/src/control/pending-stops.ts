import type { JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, ScheduledStop, StopCancellation, Streams, SubjectPatterns } from '@rtms/contracts';
import { orTopologyMissing } from '../errors.js';

// zoom-api's delayed stops as they stand: each is a message in RTMS_SCHEDULE (a work queue: it leaves the
// stream once fired or skipped), read one at a time with message gets (a work queue takes no second
// consumer); one cancelled through the control API is still there until due, under a cancellation record in
// KV rtms-stop-cancels (`id.<meetingId>`: every stop of the meeting up to that sequence).

export interface PendingStop extends ScheduledStop {
  seq: number;
  /** Cancelled (acknowledged without a Zoom call when due). */
  cancelled: boolean;
}

async function cancelledUpTo(nc: NatsConnection, meetingIds: Iterable<string>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const kv = await new Kvm(nc).open(Buckets.stopCancels).catch(() => undefined);
  if (!kv) return out;
  for (const id of meetingIds) {
    const entry = await kv.get(`id.${id}`).catch(() => null);
    const record = entry?.operation === 'PUT' ? StopCancellation.safeParse(entry.json()) : undefined;
    if (record?.success) out.set(id, record.data.uptoSeq);
  }
  return out;
}

export async function pendingStops(nc: NatsConnection, jsm: JetStreamManager): Promise<PendingStop[]> {
  const info = await jsm.streams.info(Streams.schedule).catch((err: unknown) => {
    throw orTopologyMissing(err, `stream ${Streams.schedule}`);
  });
  const stops: Omit<PendingStop, 'cancelled'>[] = [];
  let seq = info.state.first_seq;
  while (info.state.messages > 0) {
    // STREAM.MSG.GET with next_by_subj (nats-server 2.9); the client's type lists only seq / last_by_subj.
    const query = { seq, next_by_subj: SubjectPatterns.scheduledStops };
    const msg = await jsm.streams.getMessage(Streams.schedule, query).catch(() => null);
    if (!msg) break;
    seq = msg.seq + 1;
    const parsed = ScheduledStop.safeParse(msg.json());
    if (parsed.success) stops.push({ ...parsed.data, seq: msg.seq });
  }
  const cancels = await cancelledUpTo(nc, new Set(stops.map((s) => s.meetingId)));
  return stops
    .map((s) => ({ ...s, cancelled: (cancels.get(s.meetingId) ?? 0) >= s.seq }))
    .sort((a, b) => a.dueAt - b.dueAt);
}
