import { SpanKind } from '@rtms/service-kit';
import { natsTest } from '@rtms/testkit';
import { meetingTraceId, memoryTracing } from '@rtms/tracing';
import { describe, expect } from 'vitest';
import { postSigned, startGateway, storedWebhooks, webhookBody } from './helpers.js';

const MEETING = '4444AAAiAAAAAiAiAiiAii==';

describe('webhook-gateway - tracing', () => {
  natsTest('tracing - off by default: stored webhooks carry no traceparent', async ({ nats }) => {
    const gateway = await startGateway(nats);
    expect((await postSigned(gateway.url, webhookBody())).status).toBe(200);
    const [stored] = await storedWebhooks(nats);
    expect(stored?.headers.traceparent).toBeUndefined();
  });

  natsTest(
    'tracing - a webhook span in the meeting trace, whose context the stored message carries',
    async ({ nats }) => {
      const { tracing, spans } = memoryTracing('webhook-gateway');
      const gateway = await startGateway(nats, {}, { tracing });
      expect((await postSigned(gateway.url, webhookBody('meeting.rtms_started'))).status).toBe(200);
      const ended = JSON.stringify({
        event: 'meeting.ended',
        event_ts: Date.now(),
        payload: { account_id: 'a', object: { id: 123, uuid: MEETING, topic: 'Demo' } },
      });
      expect((await postSigned(gateway.url, ended)).status).toBe(200);
      // A resend of the same body: its own span, outcome duplicate.
      expect((await postSigned(gateway.url, ended)).json()).toEqual({ status: 'duplicate' });

      const [started, endedSpan, resent] = spans();
      expect(started?.name).toBe('webhook meeting.rtms_started');
      expect(started?.kind).toBe(SpanKind.SERVER);
      expect(started?.attributes).toMatchObject({
        'zoom.event': 'meeting.rtms_started',
        'rtms.outcome': 'stored',
        'http.response.status_code': 200,
        'messaging.message.sequence': 1,
      });
      // Every webhook of one meeting lands in one trace, whichever gateway replica receives it.
      const traceId = meetingTraceId(MEETING);
      expect(spans().map((s) => s.spanContext().traceId)).toEqual([traceId, traceId, traceId]);
      expect(endedSpan?.name).toBe('webhook meeting.ended');
      expect(resent?.attributes['rtms.outcome']).toBe('duplicate');

      const stored = await storedWebhooks(nats);
      expect(stored.map((m) => m.headers.traceparent)).toEqual([
        `00-${traceId}-${started?.spanContext().spanId}-01`,
        `00-${traceId}-${endedSpan?.spanContext().spanId}-01`,
      ]);
    },
  );

  natsTest('tracing - a webhook NATS could not store ends its span as an error', async ({ nats }) => {
    const { tracing, spans } = memoryTracing('webhook-gateway');
    // The stream is not provisioned: the publish finds no stream and the gateway answers 503.
    const gateway = await startGateway(nats, {}, { tracing, provision: false });
    const answer = await postSigned(gateway.url, webhookBody());
    expect(answer.status).toBe(503);
    const [span] = spans();
    expect(span?.status.code).toBe(2);
    expect(span?.attributes['http.response.status_code']).toBe(503);
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });
});
