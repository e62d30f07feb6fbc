import { startOtlpReceiver, waitFor } from '@rtms/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { meetingTraceId, startTracing } from '../src/index.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('otlp export', () => {
  it('otlp export - spans reach an OTLP/HTTP receiver named by OTEL_EXPORTER_OTLP_ENDPOINT, with the service name', async () => {
    const receiver = await startOtlpReceiver();
    try {
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
      process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment=test';
      const tracing = startTracing({ service: 'webhook-gateway', enabled: true });
      const parent = tracing.startSpan('webhook meeting.rtms_started', { meetingUuid: 'meeting-1' });
      tracing.startSpan('nats.publish', { parent }).end();
      parent.end();
      await tracing.shutdown();
      await waitFor(() => receiver.spans.length === 2, { timeoutMs: 5000 });
      const root = receiver.spans.find((s) => s.parentSpanId === '');
      const child = receiver.spans.find((s) => s.parentSpanId !== '');
      expect(root?.service).toBe('webhook-gateway');
      expect(root?.traceId).toBe(meetingTraceId('meeting-1'));
      expect(child?.parentSpanId).toBe(root?.spanId);
      expect(child?.traceId).toBe(root?.traceId);
    } finally {
      await receiver.close();
    }
  });

  it('otlp export - OTEL_SERVICE_NAME overrides the service name', async () => {
    const receiver = await startOtlpReceiver();
    try {
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
      process.env.OTEL_SERVICE_NAME = 'gateway-eu-1';
      const tracing = startTracing({ service: 'webhook-gateway', enabled: true });
      tracing.startSpan('webhook', { meetingUuid: 'm' }).end();
      await tracing.shutdown();
      await waitFor(() => receiver.spans.length === 1, { timeoutMs: 5000 });
      expect(receiver.spans[0]?.service).toBe('gateway-eu-1');
    } finally {
      await receiver.close();
    }
  });
});
