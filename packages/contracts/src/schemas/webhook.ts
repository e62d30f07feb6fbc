import { z } from 'zod';

// Zoom's webhook format, the one definition in the repository (docs/rtms-protocol.md §1; the reason it lives
// here is in docs/architecture.md): Zoom's request headers, event names, the body envelope and the payloads
// the system acts on. The gateway stores the body verbatim on `zoom.webhook.<event>`, consumers parse it with
// these schemas and the simulator builds what it sends from the same names. Zoom adds fields over time, so
// objects are loose (unknown fields kept) and only the fields we act on are required.

/** Headers Zoom sends with each webhook (lowercase, as Node exposes them) (§1.1). */
export const ZoomWebhookHeaders = {
  signature: 'x-zm-signature',
  timestamp: 'x-zm-request-timestamp',
  requestId: 'x-zm-request-id',
  trackingId: 'x-zm-trackingid',
} as const;

/** The user agent and content type of Zoom's webhook requests (§1.1). */
export const ZoomWebhookRequest = {
  userAgent: 'Zoom Marketplace/1.0a',
  contentType: 'application/json; charset=utf-8',
} as const;

export const ZoomWebhookEnvelope = z.looseObject({
  event: z.string().min(1),
  /** Epoch milliseconds. */
  event_ts: z.number().int().nonnegative(),
  payload: z.record(z.string(), z.unknown()),
});
export type ZoomWebhookEnvelope = z.infer<typeof ZoomWebhookEnvelope>;

/** The instance an RTMS stream belongs to: meeting, webinar, Video SDK session or contact-center engagement. */
export const InstanceKinds = ['meeting', 'webinar', 'session', 'contact_center'] as const;
export type InstanceKind = (typeof InstanceKinds)[number];

/**
 * Per instance kind: the flat RTMS payload field carrying its id and the prefix of its RTMS event names
 * (§1.5). Listed in the order `instanceOf` tries them (the order Zoom's SDK uses).
 */
export const InstanceWire = {
  meeting: { idField: 'meeting_uuid', rtmsEventPrefix: 'meeting.rtms_' },
  webinar: { idField: 'webinar_uuid', rtmsEventPrefix: 'webinar.rtms_' },
  session: { idField: 'session_id', rtmsEventPrefix: 'session.rtms_' },
  contact_center: { idField: 'engagement_id', rtmsEventPrefix: 'contact_center.voice_rtms_' },
} as const satisfies Record<InstanceKind, { idField: string; rtmsEventPrefix: string }>;

export type RtmsEventPhase = 'started' | 'stopped' | 'interrupted';

/** `meeting.rtms_started`, `contact_center.voice_rtms_stopped`, ... (§1.5). */
export function rtmsEventName(kind: InstanceKind, phase: RtmsEventPhase): string {
  return `${InstanceWire[kind].rtmsEventPrefix}${phase}`;
}

/** Lifecycle events of the products that have them; `object` payloads (§1.4). */
export const LifecycleEvents = {
  meeting: { started: 'meeting.started', ended: 'meeting.ended' },
  webinar: { started: 'webinar.started', ended: 'webinar.ended' },
  session: { started: 'session.started', ended: 'session.ended' },
} as const;
/** The instance kinds with lifecycle events: meeting, webinar, Video SDK session. */
export type InstanceProduct = keyof typeof LifecycleEvents;

/** Zoom event names this system acts on. Other verified events are stored and published all the same. */
export const ZoomEvents = {
  urlValidation: 'endpoint.url_validation',
  meetingStarted: LifecycleEvents.meeting.started,
  meetingEnded: LifecycleEvents.meeting.ended,
  rtmsStarted: InstanceKinds.map((k) => rtmsEventName(k, 'started')),
  rtmsStopped: InstanceKinds.map((k) => rtmsEventName(k, 'stopped')),
  rtmsInterrupted: InstanceKinds.map((k) => rtmsEventName(k, 'interrupted')),
} as const;

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

/** Flat RTMS payloads: any one instance id field plus rtms_stream_id. */
const rtmsIds = {
  meeting_uuid: z.string().min(1).optional(),
  webinar_uuid: z.string().min(1).optional(),
  session_id: z.string().min(1).optional(),
  engagement_id: z.string().min(1).optional(),
  rtms_stream_id: z.string().min(1),
} satisfies Record<(typeof InstanceWire)[InstanceKind]['idField'] | 'rtms_stream_id', z.ZodType>;

type InstanceIds = { [K in (typeof InstanceWire)[InstanceKind]['idField']]?: string | undefined };

const hasInstanceId = (p: InstanceIds) => instanceOf(p) !== undefined;
const instanceIdMessage = {
  message: `one of ${InstanceKinds.map((k) => InstanceWire[k].idField).join(', ')} is required`,
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
export function instanceOf(p: InstanceIds): { kind: InstanceKind; id: string } | undefined {
  for (const kind of InstanceKinds) {
    const id = p[InstanceWire[kind].idField];
    if (id) return { kind, id };
  }
  return undefined;
}

/** Headers the gateway adds to each stored webhook message on NATS (docs/subjects.md). */
export const WebhookHeaders = {
  receivedAt: 'Rtms-Received-At',
  trackingId: 'X-Zm-Trackingid',
  requestId: 'X-Zm-Request-Id',
  requestTimestamp: 'X-Zm-Request-Timestamp',
} as const;
