import type { JsMsg } from '@nats-io/jetstream';
import {
  InvalidSubjectTokenError,
  instanceOf,
  MeetingLifecyclePayload,
  RtmsInterruptedPayload,
  RtmsStartedPayload,
  RtmsStoppedPayload,
  token,
  ZoomEvents,
  type ZoomWebhookEnvelope,
} from '@rtms/contracts';
import type { HandleOutcome } from '@rtms/nats';
import { TRACEPARENT } from '@rtms/service-kit';
import { StopReason } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import type { ConnectorMetrics } from '../metrics.js';
import type { StreamRegistry } from './registry.js';
import { type Merge, mergeInterrupted, mergeStarted, mergeStopped } from './registry-merge.js';

// The shared durable consumer's handler: RTMS webhooks → the stream registry. Any replica may receive any
// webhook; it only records the fact (by event_ts, with compare-and-set), and the owner reacts through its
// registry watch. Other webhooks are acknowledged and ignored.

const STARTED = new Set<string>(ZoomEvents.rtmsStarted);
const STOPPED = new Set<string>(ZoomEvents.rtmsStopped);
const INTERRUPTED = new Set<string>(ZoomEvents.rtmsInterrupted);

export function createWebhookHandler(registry: StreamRegistry, log: Logger, metrics: ConnectorMetrics) {
  const record = (event: string, streamId: string, result: Merge) => {
    metrics.webhook(event, result.outcome);
    log.info({ event, streamId, outcome: result.outcome }, 'webhook recorded');
  };

  return async (envelope: ZoomWebhookEnvelope, msg?: JsMsg): Promise<HandleOutcome> => {
    const event = envelope.event;
    const eventTs = envelope.event_ts;
    const now = Date.now();
    if (STARTED.has(event) || STOPPED.has(event) || INTERRUPTED.has(event)) {
      const schema = STARTED.has(event)
        ? RtmsStartedPayload
        : STOPPED.has(event)
          ? RtmsStoppedPayload
          : RtmsInterruptedPayload;
      const parsed = schema.safeParse(envelope.payload);
      const instance = parsed.success ? instanceOf(parsed.data) : undefined;
      if (!parsed.success || !instance) {
        metrics.webhook(event, 'invalid');
        return { deadLetter: `invalid ${event} payload: ${parsed.error?.message ?? 'no instance id'}` };
      }
      const streamId = parsed.data.rtms_stream_id;
      try {
        token(streamId, 'rtms_stream_id');
      } catch (err) {
        metrics.webhook(event, 'invalid');
        return { deadLetter: err instanceof InvalidSubjectTokenError ? err.message : String(err) };
      }
      const facts = { streamId, instanceKind: instance.kind, instanceId: instance.id, eventTs };
      let result: Merge;
      if (STARTED.has(event)) {
        const serverUrls = (parsed.data as RtmsStartedPayload).server_urls;
        // The gateway's webhook span, when tracing is on: the stream's session spans become its children.
        const traceparent = msg?.headers?.get(TRACEPARENT) || undefined;
        result = await registry.mutate(streamId, (c) =>
          mergeStarted(c, { ...facts, serverUrls, traceparent }, now),
        );
      } else if (STOPPED.has(event)) {
        const stopReason = (parsed.data as RtmsStoppedPayload).stop_reason;
        result = await registry.mutate(streamId, (c) => mergeStopped(c, { ...facts, stopReason }, now));
      } else {
        result = await registry.mutate(streamId, (c) => mergeInterrupted(c, eventTs, now));
      }
      record(event, streamId, result);
      return 'ack';
    }
    if (event === ZoomEvents.meetingEnded) {
      const parsed = MeetingLifecyclePayload.safeParse(envelope.payload);
      if (!parsed.success) {
        metrics.webhook(event, 'invalid');
        return { deadLetter: `invalid ${event} payload: ${parsed.error.message}` };
      }
      await registry.mirror.synced;
      for (const entry of registry.activeOfInstance(parsed.data.object.uuid)) {
        const facts = { ...entry, eventTs, stopReason: StopReason.MEETING_ENDED };
        const result = await registry.mutate(entry.streamId, (c) => mergeStopped(c, facts, now));
        record(event, entry.streamId, result);
      }
      return 'ack';
    }
    return 'ack';
  };
}
