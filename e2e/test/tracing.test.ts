import { type ReceivedSpan, startNatsServer, startOtlpReceiver, waitFor } from '@rtms/testkit';
import { meetingTraceId } from '@rtms/tracing';
import { describe, expect, it } from 'vitest';
import { startSystem } from '../src/chaos/system.js';

// One meeting through the four services as real processes, each exporting to an OTLP/HTTP receiver in this
// process: one trace for the meeting, with the spans of every service joined by parent/child across NATS.

const SERVICES = ['webhook-gateway', 'zoom-api', 'stream-connector', 'transcript-sink'] as const;

describe('tracing - one trace per meeting across the services', () => {
  it('tracing - webhook → Zoom call → stream session → transcript writes → delayed stop, no orphan span', async () => {
    const receiver = await startOtlpReceiver();
    const server = await startNatsServer();
    const system = await startSystem({
      natsUrl: server.url,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        // zoom-api starts RTMS when the meeting starts and stops it 3 s later (a delayed stop).
        RTMS_AUTO_START: 'true',
        RTMS_AUTO_STOP_SECONDS: '3',
      },
    });
    let meetingUuid = '';
    try {
      for (const service of SERVICES) await system.start(service);
      const meeting = system.sim.startMeeting({ msPerWord: 40 });
      meetingUuid = meeting.uuid;
      const traceId = meetingTraceId(meetingUuid);
      const named = (name: string) => receiver.spans.filter((s) => s.traceId === traceId && s.name === name);
      // The delayed stop ends RTMS; the connector then ends its session (exported when it ends).
      await waitFor(() => named('rtms stream session').length === 1 && named('transcript write').length > 0, {
        timeoutMs: 40_000,
        intervalMs: 200,
        what: 'the stream session and transcript writes exported',
      });
    } finally {
      // SIGTERM: each service flushes its spans before it exits.
      await system.close();
      await server.dispose();
      await receiver.close();
    }

    const traceId = meetingTraceId(meetingUuid);
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const one = (name: string): ReceivedSpan => {
      const found = spans.filter((s) => s.name === name);
      expect(
        found.map((s) => s.name),
        name,
      ).toEqual([name]);
      return found[0] as ReceivedSpan;
    };
    const parentOf = (s: ReceivedSpan) => byId.get(s.parentSpanId);

    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(SERVICES));
    // No orphan: every parent a span names is in the trace.
    expect(
      spans.filter((s) => s.parentSpanId !== '' && !byId.has(s.parentSpanId)).map((s) => s.name),
    ).toEqual([]);

    const started = one('webhook meeting.started');
    const rtmsStarted = one('webhook meeting.rtms_started');
    expect([started.service, rtmsStarted.service]).toEqual(['webhook-gateway', 'webhook-gateway']);
    expect(parentOf(one('zoom rtms start'))).toBe(started);
    const delayed = one('delayed stop');
    expect(parentOf(delayed)).toBe(started);
    expect(parentOf(one('zoom rtms stop'))).toBe(delayed);

    const session = one('rtms stream session');
    expect(session.service).toBe('stream-connector');
    expect(parentOf(session)).toBe(rtmsStarted);
    const connect = one('rtms connect');
    expect(parentOf(connect)).toBe(session);
    expect(parentOf(one('rtms signaling handshake'))).toBe(connect);
    expect(parentOf(one('rtms media handshakes'))).toBe(connect);

    const writes = spans.filter((s) => s.name === 'transcript write');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) {
      expect(w.service).toBe('transcript-sink');
      expect(parentOf(w)).toBe(session);
    }
    // The stop's webhook joined the same trace, as a root of its own.
    expect(one('webhook meeting.rtms_stopped').parentSpanId).toBe('');
  });
});
