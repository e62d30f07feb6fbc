import { SpanKind } from '@rtms/service-kit';
import { natsTest, waitFor } from '@rtms/testkit';
import { meetingTraceId, memoryTracing } from '@rtms/tracing';
import { describe, expect } from 'vitest';
import { forwardWebhook, startHarness } from './harness.js';

describe('zoom-api - tracing', () => {
  natsTest(
    'tracing - the REST start is a child of the webhook span; the delayed stop, when it fires, too',
    async ({ nats }) => {
      const gateway = memoryTracing('webhook-gateway');
      const { tracing, spans } = memoryTracing('zoom-api');
      const h = await startHarness(nats, {
        tracing,
        env: { RTMS_AUTO_START: 'true', RTMS_AUTO_STOP_SECONDS: '1' },
      });
      const meeting = h.sim.startMeeting();
      const webhookSpan = gateway.tracing.startSpan('webhook meeting.started', { meetingUuid: meeting.uuid });
      webhookSpan.end();
      // Zoom rate-limits the start once: the retry is an event of the call's span.
      h.sim.injectFault({ status: 429, retryAfterSec: 1 });
      await forwardWebhook(
        nats.js,
        h.sim,
        'meeting.started',
        meeting.uuid,
        gateway.tracing.headersOf(webhookSpan),
      );
      const stop = await waitFor(() => spans().find((s) => s.name === 'zoom rtms stop'), {
        timeoutMs: 15_000,
        what: 'the delayed stop called Zoom',
      });

      const webhook = webhookSpan.spanContext();
      const start = spans().find((s) => s.name === 'zoom rtms start');
      const delayed = spans().find((s) => s.name === 'delayed stop');
      expect(start?.kind).toBe(SpanKind.CLIENT);
      expect(start?.parentSpanContext?.spanId).toBe(webhook.spanId);
      expect(start?.attributes).toMatchObject({
        'zoom.meeting_id': meeting.id,
        'rtms.action': 'start',
        'rtms.source': 'webhook',
        'http.response.status_code': 204,
        'rtms.attempts': 2,
      });
      expect(start?.events.map((e) => [e.name, e.attributes?.['http.response.status_code']])).toEqual([
        ['retry', 429],
      ]);
      expect(delayed?.parentSpanContext?.spanId).toBe(webhook.spanId);
      expect(stop.parentSpanContext?.spanId).toBe(delayed?.spanContext().spanId);
      expect(stop.attributes['rtms.source']).toBe('schedule');
      for (const s of spans()) expect(s.spanContext().traceId, s.name).toBe(meetingTraceId(meeting.uuid));
    },
  );

  natsTest('tracing - a call Zoom refuses ends its span as an error', async ({ nats }) => {
    const { tracing, spans } = memoryTracing('zoom-api');
    const h = await startHarness(nats, { tracing, env: { RTMS_AUTO_STOP_SECONDS: '0' } });
    const meeting = h.sim.startMeeting();
    h.sim.injectFault({ status: 404, times: 1 });
    await forwardWebhook(nats.js, h.sim, 'meeting.started', meeting.uuid);
    const start = await waitFor(() => spans().find((s) => s.name === 'zoom rtms start'));
    expect(start.status.code).toBe(2);
    expect(start.events.map((e) => e.name)).toEqual(['exception']);
    // No parent in the message: the span starts the meeting's trace.
    expect(start.parentSpanContext).toBeUndefined();
    expect(start.spanContext().traceId).toBe(meetingTraceId(meeting.uuid));
  });
});
