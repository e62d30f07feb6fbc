import { z } from 'zod';

// Zoom webhook bodies as they arrive (docs/rtms-protocol.md §1). The gateway stores the body verbatim on
// `zoom.webhook.<event>`; consumers parse it with these schemas. Zoom adds fields over time, so objects are
// loose (unknown fields kept) and only the fields we act on are required.

export const ZoomWebhookEnvelope = z.looseObject({
  event: z.string().min(1),
  event_ts: z.number().int().nonnegative(),
  payload: z.record(z.string(), z.unknown()),
});
export type ZoomWebhookEnvelope = z.infer<typeof ZoomWebhookEnvelope>;

const numericId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** meeting.started / meeting.ended: `payload.object.{id, uuid, ...}`. */
export const MeetingLifecyclePayload = z.looseObject({
  account_id: z.string().optional(),
  object: z.looseObject({
    id: numericId,
    uuid: z.string().min(1),
    host_id: z.string().optional(),
    topic: z.string().optional(),
  }),
});
export type MeetingLifecyclePayload = z.infer<typeof MeetingLifecyclePayload>;

/** The instance an RTMS stream belongs to: meeting, webinar, Video SDK session or contact-center engagement. */
export const InstanceKinds = ['meeting', 'webinar', 'session', 'contact_center'] as const;
export type InstanceKind = (typeof InstanceKinds)[number];

/** Flat RTMS payloads: any one instance id field plus rtms_stream_id. */
const rtmsIds = {
  meeting_uuid: z.string().min(1).optional(),
  webinar_uuid: z.string().min(1).optional(),
  session_id: z.string().min(1).optional(),
  engagement_id: z.string().min(1).optional(),
  rtms_stream_id: z.string().min(1),
};

const hasInstanceId = (p: {
  meeting_uuid?: string;
  webinar_uuid?: string;
  session_id?: string;
  engagement_id?: string;
}) => Boolean(p.meeting_uuid ?? p.webinar_uuid ?? p.session_id ?? p.engagement_id);
const instanceIdMessage = {
  message: 'one of meeting_uuid, webinar_uuid, session_id, engagement_id is required',
};

export const RtmsStartedPayload = z
  .looseObject({ ...rtmsIds, operator_id: z.string().optional(), server_urls: z.string().min(1) })
  .refine(hasInstanceId, instanceIdMessage);
export type RtmsStartedPayload = z.infer<typeof RtmsStartedPayload>;

export const RtmsStoppedPayload = z
  .looseObject({ ...rtmsIds, stop_reason: z.number().int().optional() })
  .refine(hasInstanceId, instanceIdMessage);
export type RtmsStoppedPayload = z.infer<typeof RtmsStoppedPayload>;

export const RtmsInterruptedPayload = z.looseObject({ ...rtmsIds }).refine(hasInstanceId, instanceIdMessage);
export type RtmsInterruptedPayload = z.infer<typeof RtmsInterruptedPayload>;

/** The instance id an RTMS payload carries, in the SDK's priority order (docs/rtms-protocol.md §1.5). */
export function instanceOf(p: {
  meeting_uuid?: string | undefined;
  webinar_uuid?: string | undefined;
  session_id?: string | undefined;
  engagement_id?: string | undefined;
}): { kind: InstanceKind; id: string } | undefined {
  if (p.meeting_uuid) return { kind: 'meeting', id: p.meeting_uuid };
  if (p.webinar_uuid) return { kind: 'webinar', id: p.webinar_uuid };
  if (p.session_id) return { kind: 'session', id: p.session_id };
  if (p.engagement_id) return { kind: 'contact_center', id: p.engagement_id };
  return undefined;
}

/** Zoom event names this system acts on. Other verified events are stored and published all the same. */
export const ZoomEvents = {
  urlValidation: 'endpoint.url_validation',
  meetingStarted: 'meeting.started',
  meetingEnded: 'meeting.ended',
  rtmsStarted: [
    'meeting.rtms_started',
    'webinar.rtms_started',
    'session.rtms_started',
    'contact_center.voice_rtms_started',
  ],
  rtmsStopped: [
    'meeting.rtms_stopped',
    'webinar.rtms_stopped',
    'session.rtms_stopped',
    'contact_center.voice_rtms_stopped',
  ],
  rtmsInterrupted: [
    'meeting.rtms_interrupted',
    'webinar.rtms_interrupted',
    'session.rtms_interrupted',
    'contact_center.voice_rtms_interrupted',
  ],
} as const;

/** Headers the gateway adds to each stored webhook message. */
export const WebhookHeaders = {
  receivedAt: 'Rtms-Received-At',
  trackingId: 'X-Zm-Trackingid',
  requestId: 'X-Zm-Request-Id',
  requestTimestamp: 'X-Zm-Request-Timestamp',
} as const;
