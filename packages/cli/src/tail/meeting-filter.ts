import type { JetStreamManager } from '@nats-io/jetstream';
import { PermissionViolationError } from '@nats-io/transport-node';
import { decodeJson, MeetingLifecyclePayload, Streams, Subjects, ZoomEvents } from '@rtms/contracts';
import { CommandFailedError } from '../errors.js';

// `--meeting ID` takes what people have: the numeric meeting id (from the Zoom client or a webhook) or the
// meeting UUID that transcript segments carry. A numeric id is matched through the meeting.started webhooks
// the gateway stored in ZOOM_WEBHOOKS (payload.object.id → uuid), read again when a segment of a meeting not
// seen yet arrives, so a meeting that starts while `rtms tail` runs is still recognised.

const STARTED = Subjects.webhook(ZoomEvents.meetingStarted);

export class MeetingFilter {
  private readonly uuids = new Set<string>();
  private readonly checked = new Set<string>();
  private nextSeq = 1;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly meeting: string,
  ) {}

  private get numeric(): boolean {
    return /^\d+$/.test(this.meeting);
  }

  /** Whether a segment of this meeting UUID belongs to the meeting asked for. */
  async matches(meetingUuid: string): Promise<boolean> {
    if (meetingUuid === this.meeting) return true;
    if (!this.numeric) return false;
    if (!this.uuids.has(meetingUuid) && !this.checked.has(meetingUuid)) {
      this.checked.add(meetingUuid);
      await this.readStarts();
    }
    return this.uuids.has(meetingUuid);
  }

  /** Reads the meeting.started webhooks stored since the last read (one message get each, no consumer). */
  private async readStarts(): Promise<void> {
    for (;;) {
      // STREAM.MSG.GET with next_by_subj (nats-server 2.9); the client's type lists only seq / last_by_subj.
      const query = { seq: this.nextSeq, next_by_subj: STARTED };
      const msg = await this.jsm.streams.getMessage(Streams.webhooks, query).catch((err: unknown) => {
        if (isPermissionViolation(err))
          throw new CommandFailedError(
            `this NATS user may not read ${Streams.webhooks}, where a meeting id is matched to its UUID: pass the meeting UUID to --meeting, or --stream`,
            { cause: err },
          );
        return null; // no such stream (yet): no meeting to match
      });
      if (!msg) return;
      this.nextSeq = msg.seq + 1;
      const envelope = decodeJson('webhook', msg.subject, msg.data);
      const payload = envelope.ok ? MeetingLifecyclePayload.safeParse(envelope.value.payload) : undefined;
      if (payload?.success && String(payload.data.object.id) === this.meeting)
        this.uuids.add(payload.data.object.uuid);
    }
  }
}

/** A refusal by the server's permissions, possibly wrapped (a request's error carries it as its cause). */
function isPermissionViolation(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof PermissionViolationError) return true;
  return false;
}
