import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { type ScheduledStop, Streams, Subjects } from '@rtms/contracts';
import { publishJson } from '@rtms/nats';
import { TRACEPARENT } from '@rtms/service-kit';
import type { Logger } from 'pino';
import type { ControlEvents } from './control-events.js';
import type { ZoomApiMetrics } from './metrics.js';
import type { MeetingKeys, StopCancellations } from './stop-cancellations.js';

export interface ScheduleRequest {
  meetingId: string;
  meetingUuid?: string | undefined;
  delayMs: number;
  source: ScheduledStop['source'];
  /** Nats-Msg-Id: the same id within RTMS_SCHEDULE's duplicate window schedules once (webhook redelivery). */
  msgId?: string;
  /** The span that asked for the stop (tracing): the stop, when it fires, is its child. */
  traceparent?: string | undefined;
}

export interface Scheduled {
  dueAt: number;
  seq: number;
  duplicate: boolean;
}

/**
 * Schedules and cancels delayed stops. A delayed stop is one message on `rtms.schedule.stop.<meetingId>`
 * (work-queue stream RTMS_SCHEDULE) that the schedule consumer redelivers until due; see docs/zoom-api.md.
 */
export class StopScheduler {
  private readonly log: Logger;

  constructor(
    private readonly deps: {
      js: JetStreamClient;
      jsm: JetStreamManager;
      cancellations: StopCancellations;
      events: ControlEvents;
      metrics: ZoomApiMetrics;
      logger: Logger;
      now?: () => number;
    },
  ) {
    this.log = deps.logger.child({ component: 'scheduler' });
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Publishes the stop; an older pending stop of the same meeting is superseded (cancelled). */
  async schedule(request: ScheduleRequest): Promise<Scheduled> {
    const { meetingId, meetingUuid, source } = request;
    const createdAt = this.now();
    const stop: ScheduledStop = {
      v: 1,
      meetingId,
      ...(meetingUuid ? { meetingUuid } : {}),
      dueAt: createdAt + request.delayMs,
      createdAt,
      source,
    };
    const ack = await publishJson(this.deps.js, 'scheduledStop', Subjects.scheduledStop(meetingId), stop, {
      ...(request.msgId ? { msgID: request.msgId } : {}),
      ...(request.traceparent ? { headers: { [TRACEPARENT]: request.traceparent } } : {}),
    });
    if (ack.duplicate) {
      this.log.info({ meetingId, seq: ack.seq, msgId: request.msgId }, 'delayed stop already scheduled');
      return { dueAt: stop.dueAt, seq: ack.seq, duplicate: true };
    }
    // Latest wins: every earlier stop of this meeting is cancelled, this one (seq) is not.
    await this.deps.cancellations.record({ meetingId }, ack.seq - 1, 'superseded');
    this.deps.metrics.delayedStops.inc({ outcome: 'scheduled' });
    this.log.info(
      { meetingId, source, dueAt: stop.dueAt, delayMs: request.delayMs, seq: ack.seq },
      'delayed stop scheduled',
    );
    await this.deps.events.publish({
      action: 'schedule_stop',
      meetingId,
      outcome: 'scheduled',
      source,
      dueAt: stop.dueAt,
    });
    return { dueAt: stop.dueAt, seq: ack.seq, duplicate: false };
  }

  /**
   * Cancels the meeting's pending stops: by meeting id, every stop published so far on its subject; by UUID
   * (rtms_stopped names only the UUID), every stop published so far that carries it. Returns whether a
   * not-yet-cancelled stop was pending for the meeting id.
   */
  async cancel(meeting: MeetingKeys, reason: string, source: ScheduledStop['source']): Promise<boolean> {
    let pending = false;
    if (meeting.meetingId) {
      const last = await this.lastStopSeq(meeting.meetingId);
      const already = last > 0 ? await this.deps.cancellations.cancelledUpTo(meeting.meetingId) : 0;
      pending = last > already;
      if (pending) await this.deps.cancellations.record({ meetingId: meeting.meetingId }, last, reason);
    }
    if (meeting.meetingUuid) {
      const info = await this.deps.jsm.streams.info(Streams.schedule);
      await this.deps.cancellations.record({ meetingUuid: meeting.meetingUuid }, info.state.last_seq, reason);
    }
    this.log.info({ ...meeting, reason, pending }, 'delayed-stop cancellation recorded');
    if (pending && meeting.meetingId) {
      this.deps.metrics.delayedStops.inc({ outcome: 'cancelled' });
      await this.deps.events.publish({
        action: 'cancel_stop',
        meetingId: meeting.meetingId,
        outcome: 'cancelled',
        source,
        message: reason,
      });
    }
    return pending;
  }

  /** Stream sequence of the meeting's newest stop still in RTMS_SCHEDULE (0 when none). */
  private async lastStopSeq(meetingId: string): Promise<number> {
    const msg = await this.deps.jsm.streams.getMessage(Streams.schedule, {
      last_by_subj: Subjects.scheduledStop(meetingId),
    });
    return msg?.seq ?? 0;
  }
}
