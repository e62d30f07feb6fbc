import type { JsMsg } from '@nats-io/jetstream';
import {
  MeetingLifecyclePayload,
  RtmsStoppedPayload,
  rtmsEventName,
  ZoomEvents,
  type ZoomWebhookEnvelope,
} from '@rtms/contracts';
import type { HandleOutcome } from '@rtms/nats';
import { TRACEPARENT, type Tracing } from '@rtms/service-kit';
import { describeStopReason } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { isZoomFailure, ZoomApiError } from './errors.js';
import { whileInProgress } from './in-progress.js';
import type { RtmsController } from './rtms-controller.js';
import type { StopScheduler } from './stop-scheduler.js';

export interface WebhookHandlerDeps {
  controller: RtmsController;
  scheduler: StopScheduler;
  logger: Logger;
  autoStart: boolean;
  autoStopMs: number;
  participantUserId: string | undefined;
  /** The webhook consumer's ack wait: in-progress acks go out at a third of it. */
  ackWaitMs: number;
  tracing: Tracing;
}

const NUMERIC = /^\d+$/;
const MEETING_RTMS_STOPPED = rtmsEventName('meeting', 'stopped');

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * meeting.started → start RTMS (auto-start) and schedule its stop (auto-stop); meeting.ended and
 * meeting.rtms_stopped → cancel pending stops. Every other event is acknowledged and ignored.
 */
export function webhookHandler(deps: WebhookHandlerDeps) {
  const log = deps.logger.child({ component: 'webhooks' });

  const meetingStarted = async (envelope: ZoomWebhookEnvelope, msg: JsMsg): Promise<HandleOutcome> => {
    const parsed = MeetingLifecyclePayload.safeParse(envelope.payload);
    if (!parsed.success) return { deadLetter: `invalid meeting.started payload: ${issues(parsed.error)}` };
    const { id: meetingId, uuid: meetingUuid } = parsed.data.object;
    if (!NUMERIC.test(meetingId))
      return { deadLetter: `meeting.started payload.object.id is not a numeric meeting id: '${meetingId}'` };
    if (!deps.autoStart) {
      log.debug({ meetingId }, 'meeting started; RTMS_AUTO_START is off');
      return 'ack';
    }
    try {
      await whileInProgress(msg, deps.ackWaitMs / 3, () =>
        deps.controller.run({
          action: 'start',
          meetingId,
          participantUserId: deps.participantUserId,
          source: 'webhook',
          // The gateway's span for this webhook: the Zoom call is its child.
          parent: deps.tracing.extract(msg.headers),
          meetingUuid,
        }),
      );
    } catch (err) {
      if (!isZoomFailure(err)) throw err;
      // Reported as a failed event; a stale webhook is not retried. But a redelivered webhook may have started
      // RTMS the first time (crash, or the stop could not be scheduled): Zoom now says "already running", and
      // the stop must still be scheduled.
      if (!(msg.redelivered && err instanceof ZoomApiError && err.status < 500)) return 'ack';
      log.warn(
        { meetingId, seq: msg.seq },
        'start rejected on a redelivered webhook; scheduling the stop anyway',
      );
    }
    if (deps.autoStopMs > 0) {
      await deps.scheduler.schedule({
        meetingId,
        meetingUuid,
        delayMs: deps.autoStopMs,
        source: 'webhook',
        // A redelivered webhook (crash before its ack) does not schedule a second stop.
        msgId: `auto-stop:${msg.info.stream}:${msg.seq}`,
        // The delayed stop, when it fires, is a child of this webhook's span.
        traceparent: msg.headers?.get(TRACEPARENT) || undefined,
      });
    }
    return 'ack';
  };

  const meetingEnded = async (envelope: ZoomWebhookEnvelope): Promise<HandleOutcome> => {
    const parsed = MeetingLifecyclePayload.safeParse(envelope.payload);
    if (!parsed.success) return { deadLetter: `invalid meeting.ended payload: ${issues(parsed.error)}` };
    const { id, uuid } = parsed.data.object;
    await deps.scheduler.cancel(
      { meetingId: NUMERIC.test(id) ? id : undefined, meetingUuid: uuid },
      'meeting ended',
      'webhook',
    );
    return 'ack';
  };

  const rtmsStopped = async (envelope: ZoomWebhookEnvelope): Promise<HandleOutcome> => {
    const parsed = RtmsStoppedPayload.safeParse(envelope.payload);
    if (!parsed.success)
      return { deadLetter: `invalid meeting.rtms_stopped payload: ${issues(parsed.error)}` };
    // Newer payloads also carry the numeric meeting_id (docs/rtms-protocol.md §1.5).
    const meetingId = String(parsed.data.meeting_id ?? '');
    await deps.scheduler.cancel(
      { meetingId: NUMERIC.test(meetingId) ? meetingId : undefined, meetingUuid: parsed.data.meeting_uuid },
      `rtms stopped${parsed.data.stop_reason !== undefined ? ` (stop_reason ${describeStopReason(parsed.data.stop_reason).text})` : ''}`,
      'webhook',
    );
    return 'ack';
  };

  return async (envelope: ZoomWebhookEnvelope, msg: JsMsg): Promise<HandleOutcome> => {
    switch (envelope.event) {
      case ZoomEvents.meetingStarted:
        return meetingStarted(envelope, msg);
      case ZoomEvents.meetingEnded:
        return meetingEnded(envelope);
      case MEETING_RTMS_STOPPED:
        return rtmsStopped(envelope);
      default:
        return 'ack';
    }
  };
}
