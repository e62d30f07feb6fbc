import { headers } from '@nats-io/transport-node';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { meetingTraceId } from './meeting-trace-id.js';
import { memoryTracing, type ReadableSpan } from './memory-tracing.js';
import { startTracing } from './start-tracing.js';
import { disabledTracing, type Tracing } from './tracing.js';

async function traced(run: (t: Tracing) => Promise<void> | void): Promise<ReadableSpan[]> {
  const { tracing, spans } = memoryTracing('test-service');
  await run(tracing);
  return spans();
}

describe('tracing', () => {
  it('tracing - off: no span records, no header is added, nothing is extracted', () => {
    const tracing = startTracing({ service: 'x', enabled: false });
    expect(tracing).toBe(disabledTracing);
    const span = tracing.startSpan('webhook', { meetingUuid: 'm-1' });
    expect(span.isRecording()).toBe(false);
    const h = headers();
    h.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(tracing.extract(h)).toBeUndefined();
    expect(tracing.fromTraceparent(h.get('traceparent'))).toBeUndefined();
    expect(tracing.headersOf(span)).toEqual({});
  });

  it('tracing - root spans of one meeting share the trace id derived from its UUID, in any process', async () => {
    const a = await traced((t) =>
      t.startSpan('webhook meeting.rtms_started', { meetingUuid: 'uuid-A==' }).end(),
    );
    const b = await traced((t) =>
      t.startSpan('webhook meeting.rtms_stopped', { meetingUuid: 'uuid-A==' }).end(),
    );
    const other = await traced((t) =>
      t.startSpan('webhook meeting.rtms_started', { meetingUuid: 'uuid-B' }).end(),
    );
    expect(a[0]?.spanContext().traceId).toBe(meetingTraceId('uuid-A=='));
    expect(b[0]?.spanContext().traceId).toBe(meetingTraceId('uuid-A=='));
    expect(other[0]?.spanContext().traceId).toBe(meetingTraceId('uuid-B'));
    expect(meetingTraceId('uuid-A==')).not.toBe(meetingTraceId('uuid-B'));
    expect(a[0]?.parentSpanContext).toBeUndefined();
    expect(a[0]?.resource.attributes['service.name']).toBe('test-service');
  });

  it('tracing - a span sent in NATS headers is the parent of the receiver span; a link points at it', async () => {
    const carried = headers();
    const sent = await traced((t) => {
      const span = t.startSpan('publish', { meetingUuid: 'm-2' });
      for (const [key, value] of Object.entries(t.headersOf(span))) carried.set(key, value);
      expect(t.headersOf(span)).toEqual({ traceparent: carried.get('traceparent') });
      span.end();
    });
    expect(carried.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const received = await traced((t) => {
      t.startSpan('consume', {
        parent: t.extract(carried),
        meetingUuid: 'ignored-when-a-parent-exists',
      }).end();
      const linked = trace.getSpanContext(t.extract(carried) ?? ROOT_CONTEXT);
      t.startSpan('takeover', { meetingUuid: 'm-2', links: linked ? [{ context: linked }] : [] }).end();
    });
    const stored = await traced((t) => {
      t.startSpan('session', { parent: t.fromTraceparent(carried.get('traceparent')) }).end();
      expect(t.fromTraceparent('garbage')).toBeUndefined();
      expect(t.fromTraceparent(undefined)).toBeUndefined();
    });
    const [publish] = sent;
    expect(stored[0]?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    const [consume, takeover] = received;
    expect(consume?.spanContext().traceId).toBe(publish?.spanContext().traceId);
    expect(consume?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    expect(takeover?.spanContext().traceId).toBe(meetingTraceId('m-2'));
    expect(takeover?.parentSpanContext).toBeUndefined();
    expect(takeover?.links[0]?.context.spanId).toBe(publish?.spanContext().spanId);
  });

  it('tracing - a broken traceparent is no parent: the span starts in the meeting trace', async () => {
    const bad = headers();
    bad.set('traceparent', '00-zzzz-not-a-trace-01');
    const spans = await traced((t) => {
      expect(t.extract(bad)).toBeUndefined();
      t.startSpan('consume', { parent: t.extract(bad), meetingUuid: 'm-3' }).end();
    });
    expect(spans[0]?.spanContext().traceId).toBe(meetingTraceId('m-3'));
  });

  it('tracing - inSpan ends the span, marks a throw as an error and rethrows it', async () => {
    const spans = await traced(async (t) => {
      await expect(
        t.inSpan('zoom.rest', { meetingUuid: 'm-4' }, async () => {
          throw new Error('Zoom answered 429');
        }),
      ).rejects.toThrow('429');
      const value = await t.inSpan('ok', { meetingUuid: 'm-4' }, async (span) => {
        expect(span.isRecording()).toBe(true);
        return 7;
      });
      expect(value).toBe(7);
    });
    const failed = spans.find((s) => s.name === 'zoom.rest');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.events[0]?.name).toBe('exception');
    expect(spans.find((s) => s.name === 'ok')?.status.code).toBe(SpanStatusCode.UNSET);
  });
});
