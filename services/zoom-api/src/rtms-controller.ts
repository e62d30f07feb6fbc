import type { ControlEvent, RtmsAction } from '@rtms/contracts';
import { type Context, recordFailure, type Span, SpanKind, type Tracing } from '@rtms/service-kit';
import { describeRestError } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import type { ControlEvents } from './control-events.js';
import { ZoomApiError, ZoomAuthError, ZoomUnavailableError } from './errors.js';
import type { ZoomApiMetrics } from './metrics.js';
import type { ZoomCallResult, ZoomClient } from './zoom-client.js';

export interface RtmsCommand {
  action: RtmsAction;
  meetingId: string;
  participantUserId?: string | undefined;
  source: ControlEvent['source'];
  /** For a delayed stop: when it was due. */
  dueAt?: number;
  /** Tracing: the span this call is part of (the webhook's, the delayed stop's), else the meeting's trace. */
  parent?: Span | Context | undefined;
  meetingUuid?: string | undefined;
}

export interface RtmsControllerDeps {
  zoom: ZoomClient;
  events: ControlEvents;
  metrics: ZoomApiMetrics;
  logger: Logger;
  /** A CLIENT span per Zoom call, retries as its events (docs/operations.md, "Tracing"). */
  tracing: Tracing;
}

/**
 * One RTMS start/stop/pause/resume, whoever asked (webhook, control API, delayed stop): the Zoom call, one
 * event per retry and one for the outcome, a log line with the meeting id, action and Zoom's code/message.
 * Throws the call's error after reporting it.
 */
export class RtmsController {
  private readonly log: Logger;
  private readonly zoom: ZoomClient;
  private readonly events: ControlEvents;
  private readonly metrics: ZoomApiMetrics;
  private readonly tracing: Tracing;

  constructor(deps: RtmsControllerDeps) {
    this.zoom = deps.zoom;
    this.events = deps.events;
    this.metrics = deps.metrics;
    this.tracing = deps.tracing;
    this.log = deps.logger.child({ component: 'rtms' });
  }

  async run(command: RtmsCommand): Promise<ZoomCallResult> {
    const { action, meetingId, source } = command;
    const base = { action, meetingId, source, ...(command.dueAt ? { dueAt: command.dueAt } : {}) };
    const span = this.tracing.startSpan(`zoom rtms ${action}`, {
      parent: command.parent,
      meetingUuid: command.meetingUuid,
      kind: SpanKind.CLIENT,
      attributes: { 'zoom.meeting_id': meetingId, 'rtms.action': action, 'rtms.source': source },
    });
    try {
      const result = await this.call(command, base, span);
      span.setAttributes({ 'http.response.status_code': result.status, 'rtms.attempts': result.attempts });
      return result;
    } catch (err) {
      recordFailure(span, err);
      throw err;
    } finally {
      span.end();
    }
  }

  private async call(
    command: RtmsCommand,
    base: Pick<ControlEvent, 'action' | 'meetingId' | 'source' | 'dueAt'>,
    span: Span,
  ): Promise<ZoomCallResult> {
    const { action, source } = command;
    const pendingEvents: Promise<void>[] = [];
    try {
      const result = await this.zoom.updateRtmsStatus(command, (retry) => {
        span.addEvent('retry', {
          attempt: retry.attempt,
          reason: retry.reason,
          delayMs: retry.delayMs,
          ...(retry.status ? { 'http.response.status_code': retry.status } : {}),
        });
        pendingEvents.push(
          this.events.publish({
            ...base,
            outcome: 'retrying',
            attempt: retry.attempt,
            ...(retry.status ? { httpStatus: retry.status } : {}),
            message: `${retry.reason}; next attempt in ${retry.delayMs} ms`,
          }),
        );
      });
      this.metrics.calls.inc({ action, source, outcome: 'ok' });
      this.log.info(
        { ...base, status: result.status, attempts: result.attempts },
        `RTMS ${action} accepted by Zoom`,
      );
      await Promise.all(pendingEvents);
      await this.events.publish({
        ...base,
        outcome: 'ok',
        httpStatus: result.status,
        attempt: result.attempts,
      });
      return result;
    } catch (err) {
      this.metrics.calls.inc({ action, source, outcome: outcomeLabel(err) });
      await Promise.all(pendingEvents);
      await this.events.publish({ ...base, outcome: 'failed', ...failureFields(err) });
      this.log.error({ ...base, ...failureFields(err), ...hintOf(err), err }, `RTMS ${action} failed`);
      throw err;
    }
  }
}

/** What a refusal most likely means, for the log (docs/troubleshooting.md). */
function hintOf(err: unknown): { hint?: string } {
  return err instanceof ZoomApiError ? { hint: describeRestError(err.status, err.zoomCode) } : {};
}

function outcomeLabel(err: unknown): string {
  if (err instanceof ZoomApiError) return 'rejected';
  if (err instanceof ZoomUnavailableError) return 'unavailable';
  if (err instanceof ZoomAuthError) return 'auth_failed';
  return 'error';
}

function failureFields(err: unknown): Pick<ControlEvent, 'httpStatus' | 'zoomCode' | 'message' | 'attempt'> {
  if (err instanceof ZoomApiError)
    return {
      httpStatus: err.status,
      ...(err.zoomCode !== undefined ? { zoomCode: err.zoomCode } : {}),
      message: err.zoomMessage ?? err.message,
      attempt: err.attempts,
    };
  if (err instanceof ZoomUnavailableError)
    return {
      ...(err.lastStatus ? { httpStatus: err.lastStatus } : {}),
      message: err.message,
      attempt: err.attempts,
    };
  if (err instanceof ZoomAuthError && err.cause instanceof Error)
    return { message: `${err.message}: ${err.cause.message}` };
  return { message: err instanceof Error ? err.message : String(err) };
}
