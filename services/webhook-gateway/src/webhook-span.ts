import { instanceOf } from '@rtms/contracts';
import { recordFailure, type Span, SpanKind, type Tracing } from '@rtms/service-kit';
import type { RequestRecord } from './request-record.js';

/**
 * The meeting (webinar, session, engagement) a webhook is about, which names its trace: the RTMS payloads'
 * flat id field, or `object.uuid` of meeting.started / meeting.ended.
 */
function traceKeyOf(payload: Record<string, unknown>): string | undefined {
  const instance = instanceOf(payload);
  if (instance) return instance.id;
  const object = payload.object;
  if (object && typeof object === 'object' && 'uuid' in object && typeof object.uuid === 'string')
    return object.uuid;
  return undefined;
}

/** A SERVER span for one verified webhook, started when the request arrived, in its meeting's trace. */
export function startWebhookSpan(
  tracing: Tracing,
  event: string,
  payload: Record<string, unknown>,
  receivedAtMs: number,
): Span {
  return tracing.startSpan(`webhook ${event}`, {
    meetingUuid: traceKeyOf(payload),
    kind: SpanKind.SERVER,
    startTime: receivedAtMs,
    attributes: { 'zoom.event': event, 'http.request.method': 'POST' },
  });
}

/** Ends the webhook span with what the request came to (stored, duplicate, or why not). */
export function endWebhookSpan(span: Span, record: RequestRecord, status: number, err?: unknown): void {
  if (!span.isRecording()) return;
  if (err !== undefined || status >= 500)
    recordFailure(span, err ?? new Error(record.code ?? `status ${status}`));
  span.setAttribute('http.response.status_code', status);
  if (record.outcome) span.setAttribute('rtms.outcome', record.outcome);
  if (record.seq !== undefined) span.setAttribute('messaging.message.sequence', record.seq);
  if (record.code) span.setAttribute('error.type', record.code);
  span.end();
}
