import { Streams, Subjects } from '@rtms/contracts';
import { waitFor } from '@rtms/testkit';
import { memoryTracing } from '@rtms/tracing';
import { describe, expect } from 'vitest';
import { connectorTest, waitForLive, waitForTranscripts } from './helpers/harness.js';

// The gateway's span for the rtms_started webhook, as it would travel in the stored message's headers.
const gateway = memoryTracing('webhook-gateway');
const webhookSpan = gateway.tracing.startSpan('webhook meeting.rtms_started');
webhookSpan.end();
const webhookHeaders = gateway.tracing.headersOf(webhookSpan);

describe('stream-connector - tracing', () => {
  connectorTest(
    'tracing - a stream session is a child of the rtms_started webhook span, with its attempt and handshakes',
    async ({ nats, startStack }) => {
      const { tracing, spans } = memoryTracing('stream-connector');
      const stack = await startStack({ webhookHeaders });
      await stack.startApp({ tracing, replicaId: 'replica-traced' });
      const meeting = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 });
      const streamId = meeting.streamIds[0] ?? '';
      await waitForLive(stack.sim, streamId);
      await waitForTranscripts(nats, streamId, 1);
      stack.sim.stopRtms(streamId);
      const session = await waitFor(() => spans().find((s) => s.name === 'rtms stream session'), {
        what: 'the session span ended',
      });

      const webhook = webhookSpan.spanContext();
      expect(session.spanContext().traceId).toBe(webhook.traceId);
      expect(session.parentSpanContext?.spanId).toBe(webhook.spanId);
      expect(session.attributes).toMatchObject({
        'rtms.stream_id': streamId,
        'rtms.replica': 'replica-traced',
        'rtms.takeover': false,
        'rtms.end': 'stopped',
      });
      const byName = (name: string) => spans().filter((s) => s.name === name);
      const [connect] = byName('rtms connect');
      expect(connect?.parentSpanContext?.spanId).toBe(session.spanContext().spanId);
      expect(connect?.status.code).toBe(0);
      // The session's messages carry its context: the sink's transcript-write spans become its children.
      const stored = await nats.jsm.streams.getMessage(Streams.transcripts, {
        last_by_subj: Subjects.transcript(streamId),
      });
      expect(stored?.header?.get('traceparent')).toBe(
        `00-${webhook.traceId}-${session.spanContext().spanId}-01`,
      );
      for (const name of ['rtms signaling handshake', 'rtms media handshakes']) {
        const [handshake] = byName(name);
        expect(handshake?.parentSpanContext?.spanId, name).toBe(connect?.spanContext().spanId);
        expect(handshake?.spanContext().traceId, name).toBe(webhook.traceId);
      }
    },
  );
});
