import type { KV } from '@nats-io/kv';
import { type ScheduledStop, StopCancellation, StopCancellationKeys } from '@rtms/contracts';

// Cancellation records of delayed stops (KV `rtms-stop-cancels`). A record says "every delayed stop of this
// meeting published up to RTMS_SCHEDULE sequence N is cancelled"; the schedule consumer checks it on each
// delivery and acknowledges a cancelled stop without calling Zoom. Sequences, not clocks, decide, so a stop
// scheduled after a cancellation is never caught by it, whichever replica wrote what.

export interface MeetingKeys {
  meetingId?: string | undefined;
  meetingUuid?: string | undefined;
}

function keysOf(m: MeetingKeys): string[] {
  const keys: string[] = [];
  if (m.meetingId) keys.push(StopCancellationKeys.id(m.meetingId));
  if (m.meetingUuid) keys.push(StopCancellationKeys.uuid(m.meetingUuid));
  return keys;
}

const CAS_ATTEMPTS = 8;

export class StopCancellations {
  constructor(
    private readonly kv: KV,
    private readonly now: () => number = Date.now,
  ) {}

  /** Cancels every stop of the meeting up to `uptoSeq`. Never lowers an existing record (compare-and-set). */
  async record(meeting: MeetingKeys, uptoSeq: number, reason: string): Promise<void> {
    await Promise.all(keysOf(meeting).map((key) => this.raise(key, uptoSeq, reason)));
  }

  /** The record that cancels this stop (published at `seq`), if any. */
  async find(stop: ScheduledStop, seq: number): Promise<StopCancellation | undefined> {
    const records = await Promise.all(keysOf(stop).map((key) => this.read(key)));
    return records.find((r) => r !== undefined && r.value.uptoSeq >= seq)?.value;
  }

  /** The highest sequence cancelled for this meeting id (0 when none). */
  async cancelledUpTo(meetingId: string): Promise<number> {
    return (await this.read(StopCancellationKeys.id(meetingId)))?.value.uptoSeq ?? 0;
  }

  private async read(key: string): Promise<{ value: StopCancellation; revision: number } | undefined> {
    const entry = await this.kv.get(key);
    if (entry?.operation !== 'PUT') return undefined;
    const parsed = StopCancellation.safeParse(entry.json());
    // An unreadable record is treated as absent: it is overwritten by the next cancellation.
    return parsed.success ? { value: parsed.data, revision: entry.revision } : undefined;
  }

  private async raise(key: string, uptoSeq: number, reason: string): Promise<void> {
    const value: StopCancellation = { v: 1, uptoSeq, reason, at: this.now() };
    for (let i = 0; ; i += 1) {
      const current = await this.kv.get(key);
      const existing = current?.operation === 'PUT' ? StopCancellation.safeParse(current.json()) : undefined;
      if (existing?.success && existing.data.uptoSeq >= uptoSeq) return;
      try {
        if (current) await this.kv.update(key, JSON.stringify(value), current.revision);
        else await this.kv.create(key, JSON.stringify(value));
        return;
      } catch (err) {
        // Another replica wrote first: read again and decide again.
        if (i + 1 >= CAS_ATTEMPTS) throw err;
      }
    }
  }
}
