import type { JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  Buckets,
  ScheduledStop,
  StopCancellation,
  StopCancellationKeys,
  Streams,
  SubjectPatterns,
} from '@rtms/contracts';
import { orTopologyMissing } from '../errors.js';

// zoom-api's delayed stops as they stand: each is a message in RTMS_SCHEDULE (a work queue: it leaves the
// stream once fired or skipped), read one at a time with message gets (a work queue takes no second
// consumer); a cancelled one (through the control API, or by Zoom's rtms_stopped for its meeting UUID) is
// still there until due, under a cancellation record in KV rtms-stop-cancels (every stop of the meeting up to
// that sequence, keyed by meeting id or UUID).

export interface PendingStop extends ScheduledStop {
  seq: number;
  /** Cancelled (acknowledged without a Zoom call when due). */
  cancelled: boolean;
}

/** The highest cancelled sequence of each stop's meeting, from its id and UUID records. */
async function cancelledUpTo(
  nc: NatsConnection,
  stops: readonly ScheduledStop[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const kv = await new Kvm(nc).open(Buckets.stopCancels).catch(() => undefined);
  if (!kv) return out;
  const keys = new Set(
    stops.flatMap((s) => [
      StopCancellationKeys.id(s.meetingId),
      ...(s.meetingUuid ? [StopCancellationKeys.uuid(s.meetingUuid)] : []),
    ]),
  );
  await Promise.all(
    [...keys].map(async (key) => {
      const entry = await kv.get(key).catch(() => null);
      const record = entry?.operation === 'PUT' ? StopCancellation.safeParse(entry.json()) : undefined;
      if (record?.success) out.set(key, record.data.uptoSeq);
    }),
  );
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
  const cancels = await cancelledUpTo(nc, stops);
  const upTo = (s: ScheduledStop) =>
    Math.max(
      cancels.get(StopCancellationKeys.id(s.meetingId)) ?? 0,
      s.meetingUuid ? (cancels.get(StopCancellationKeys.uuid(s.meetingUuid)) ?? 0) : 0,
    );
  return stops.map((s) => ({ ...s, cancelled: upTo(s) >= s.seq })).sort((a, b) => a.dueAt - b.dueAt);
}
