import type { JsMsg } from '@nats-io/jetstream';
import type { ScheduledStop } from '@rtms/contracts';
import type { HandleOutcome } from '@rtms/nats';
import type { Tracing } from '@rtms/service-kit';
import type { Logger } from 'pino';
import type { ControlEvents } from './control-events.js';
import { isZoomFailure, ZoomUnavailableError } from './errors.js';
import { whileInProgress } from './in-progress.js';
import type { ZoomApiMetrics } from './metrics.js';
import type { RtmsController } from './rtms-controller.js';
import type { StopCancellations } from './stop-cancellations.js';

export type DueDecision = { kind: 'wait'; ms: number } | { kind: 'fire'; lateMs: number };

/**
 * Not due yet → redeliver after the remaining time, capped at `recheckMs` so that a cancellation is seen (and
 * the message acknowledged) within that time. The last wait is the exact remainder, so the stop fires on time.
 */
export function decideDue(dueAt: number, now: number, recheckMs: number): DueDecision {
  const remaining = dueAt - now;
  if (remaining > 0) return { kind: 'wait', ms: Math.min(remaining, recheckMs) };
  return { kind: 'fire', lateMs: now - dueAt };
}

export interface ScheduleHandlerDeps {
  cancellations: StopCancellations;
  controller: RtmsController;
  events: ControlEvents;
  metrics: ZoomApiMetrics;
  logger: Logger;
  recheckMs: number;
  /** The schedule consumer's ack wait: in-progress acks go out at a third of it. */
  ackWaitMs: number;
  /** Delay before trying again while Zoom is unavailable. */
  unavailableRetryMs: number;
  /** Give up on a stop this long after it was due (Zoom unavailable all along). */
  giveUpAfterMs: number;
  now?: () => number;
  /** A span per firing of a delayed stop, child of the span that scheduled it. */
  tracing: Tracing;
}

/** Handles one delivery of a delayed stop: skip if cancelled, wait if not due, else stop RTMS and ack. */
export function scheduleHandler(deps: ScheduleHandlerDeps) {
  const log = deps.logger.child({ component: 'schedule' });
  const now = deps.now ?? Date.now;
  return async (stop: ScheduledStop, msg: JsMsg): Promise<HandleOutcome> => {
    const { meetingId, dueAt } = stop;
    const ctx = { meetingId, seq: msg.seq, dueAt, delivery: msg.info.deliveryCount };
    const stopEvent = { action: 'stop', meetingId, source: 'schedule', dueAt } as const;
    const cancelled = await deps.cancellations.find(stop, msg.seq);
    if (cancelled) {
      deps.metrics.delayedStops.inc({ outcome: 'skipped' });
      log.info({ ...ctx, reason: cancelled.reason }, 'delayed stop was cancelled; dropped');
      await deps.events.publish({
        ...stopEvent,
        outcome: 'skipped',
        message: `cancelled: ${cancelled.reason}`,
      });
      return 'ack';
    }
    const decision = decideDue(dueAt, now(), deps.recheckMs);
    if (decision.kind === 'wait') return { retryInMs: decision.ms };

    deps.metrics.delayedStops.inc({ outcome: 'fired' });
    log.info({ ...ctx, lateMs: decision.lateMs }, 'delayed stop due; stopping RTMS');
    await deps.events.publish({ ...stopEvent, outcome: 'fired' });
    try {
      await deps.tracing.inSpan(
        'delayed stop',
        {
          parent: deps.tracing.extract(msg.headers),
          meetingUuid: stop.meetingUuid,
          attributes: {
            'zoom.meeting_id': meetingId,
            'rtms.due_at': dueAt,
            'rtms.late_ms': decision.lateMs,
            'messaging.delivery_count': msg.info.deliveryCount,
          },
        },
        (span) =>
          whileInProgress(msg, deps.ackWaitMs / 3, () =>
            deps.controller.run({ ...stopEvent, parent: span, meetingUuid: stop.meetingUuid }),
          ),
      );
      return 'ack';
    } catch (err) {
      if (err instanceof ZoomUnavailableError && now() - dueAt < deps.giveUpAfterMs) {
        log.warn(
          { ...ctx, retryInMs: deps.unavailableRetryMs },
          'Zoom unavailable; delayed stop will try again',
        );
        return { retryInMs: deps.unavailableRetryMs };
      }
      if (!isZoomFailure(err)) throw err;
      // Rejected by Zoom (e.g. RTMS already stopped) or given up: reported by the controller, nothing to redo.
      deps.metrics.delayedStops.inc({ outcome: 'failed' });
      return 'ack';
    }
  };
}
