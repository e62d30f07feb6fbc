import type { JetStreamManager } from '@nats-io/jetstream';
import { PermissionViolationError } from '@nats-io/transport-node';
import { decodeJson, MeetingLifecyclePayload, Streams, Subjects, ZoomEvents } from '@rtms/contracts';
import type { Logger } from 'pino';

/** What meeting.started told about a meeting. */
export interface MeetingStart {
  topic?: string;
  /** Zoom's `start_time`, epoch ms. */
  startedAt?: number;
}

const SUBJECT = Subjects.webhook(ZoomEvents.meetingStarted);

/** A refusal by the server's permissions, possibly wrapped: asking again would only be refused again. */
export function isPermissionViolation(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof PermissionViolationError) return true;
  return false;
}

/**
 * Topics and start times of meetings, from the meeting.started webhooks the webhook-gateway stores verbatim
 * (`zoom.webhook.meeting.started` in ZOOM_WEBHOOKS). Read-only, one message at a time (`next_by_subj`): no
 * consumer on the webhook stream, so a reader cannot disturb zoom-api's or the connector's. `refresh()`
 * reads what arrived since the last call. Without the stream, meetings simply have no topic; a NATS user
 * not allowed to read it stops asking (one warning).
 */
export class MeetingStarts {
  private readonly starts = new Map<string, MeetingStart>();
  private readonly log: Logger;
  private nextSeq = 1;
  private refused = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly jsm: JetStreamManager,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'meeting-starts' });
  }

  meeting(meetingUuid: string): MeetingStart | undefined {
    return this.starts.get(meetingUuid);
  }

  /** Reads the meeting.started webhooks stored since the last refresh; never throws. */
  refresh(): Promise<void> {
    if (this.refused) return Promise.resolve();
    this.running ??= this.readNew().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async readNew(): Promise<void> {
    try {
      for (;;) {
        // STREAM.MSG.GET with next_by_subj (nats-server 2.9): the first message on the subject at or after seq.
        // The client's type lists only seq / last_by_subj but sends the query as it is.
        const query = { seq: this.nextSeq, next_by_subj: SUBJECT };
        const msg = await this.jsm.streams.getMessage(Streams.webhooks, query);
        if (!msg) return;
        this.nextSeq = msg.seq + 1;
        this.remember(msg.subject, msg.seq, msg.data);
      }
    } catch (err) {
      if (isPermissionViolation(err)) {
        this.refused = true;
        this.log.warn({ stream: Streams.webhooks }, 'this NATS user may not read meeting.started: no topics');
      } else this.log.debug({ err }, 'meeting.started webhooks not readable now');
    }
  }

  private remember(subject: string, seq: number, data: Uint8Array): void {
    const envelope = decodeJson('webhook', subject, data);
    const payload = envelope.ok ? MeetingLifecyclePayload.safeParse(envelope.value.payload) : undefined;
    if (!payload?.success) {
      this.log.debug({ subject, seq }, 'meeting.started without a meeting: ignored');
      return;
    }
    const { uuid, topic, start_time } = payload.data.object;
    const startedAt = typeof start_time === 'string' ? Date.parse(start_time) : Number.NaN;
    this.starts.set(uuid, {
      ...(topic?.trim() ? { topic: topic.trim() } : {}),
      ...(Number.isFinite(startedAt) ? { startedAt } : {}),
    });
  }
}
