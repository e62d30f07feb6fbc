import { InstanceWire, LifecycleEvents, type RtmsStartedPayload, rtmsEventName } from '@rtms/contracts';
import type { Meeting, Stream } from '../model.js';

// Webhook bodies as Zoom sends them (docs/rtms-protocol.md §1.4, §1.5): lifecycle events nest under `object`,
// RTMS events are flat with the product's id field. Event names and id fields come from the receiving side's
// definition in @rtms/contracts, so the simulator cannot drift from what the services parse.

export function lifecycleEvent(meeting: Meeting, phase: 'started' | 'ended', accountId: string) {
  const { started, ended } = LifecycleEvents[meeting.product];
  const startTime = new Date(meeting.startedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (meeting.product === 'session') {
    const object: Record<string, unknown> = {
      id: meeting.id,
      session_id: meeting.uuid,
      session_name: meeting.topic,
      session_key: meeting.sessionKey,
      start_time: startTime,
    };
    if (phase === 'ended') object.end_time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { event: phase === 'started' ? started : ended, payload: { account_id: accountId, object } };
  }
  const object: Record<string, unknown> = {
    id: meeting.id,
    uuid: meeting.uuid,
    host_id: meeting.hostId,
    topic: meeting.topic,
    type: meeting.product === 'webinar' ? 5 : 2,
    start_time: startTime,
    timezone: 'UTC',
    duration: 60,
  };
  if (phase === 'ended') object.end_time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { event: phase === 'started' ? started : ended, payload: { account_id: accountId, object } };
}

function ids(stream: Stream): Record<string, unknown> {
  const m = stream.meeting;
  const out: Record<string, unknown> = { [InstanceWire[m.product].idField]: m.uuid };
  if (m.product === 'session') out.session_key = m.sessionKey;
  return out;
}

export function rtmsStartedEvent(stream: Stream, serverUrls: string, accountId: string) {
  const m = stream.meeting;
  const payload: Record<string, unknown> = {
    ...ids(stream),
    operator_id: stream.operatorId,
    rtms_stream_id: stream.id,
    server_urls: serverUrls,
    account_id: accountId,
  } satisfies Omit<RtmsStartedPayload, 'meeting_uuid'>;
  // April 2026 additions (§1.5): numeric id and is_original_host on meeting/webinar events.
  if (m.product === 'meeting') Object.assign(payload, { meeting_id: Number(m.id), is_original_host: true });
  if (m.product === 'webinar') Object.assign(payload, { webinar_id: Number(m.id), is_original_host: true });
  return { event: rtmsEventName(m.product, 'started'), payload };
}

export function rtmsStoppedEvent(stream: Stream, stopReason: number) {
  return {
    event: rtmsEventName(stream.meeting.product, 'stopped'),
    payload: { ...ids(stream), rtms_stream_id: stream.id, stop_reason: stopReason },
  };
}

export function rtmsInterruptedEvent(stream: Stream) {
  return {
    event: rtmsEventName(stream.meeting.product, 'interrupted'),
    payload: { ...ids(stream), rtms_stream_id: stream.id },
  };
}
