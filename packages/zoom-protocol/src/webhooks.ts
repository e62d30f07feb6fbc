// Zoom webhook names, headers and payload shapes (docs/rtms-protocol.md §1). RTMS payloads are flat (fields
// directly under `payload`); meeting lifecycle payloads nest under `payload.object`.

export const WebhookEvent = {
  URL_VALIDATION: 'endpoint.url_validation',
  MEETING_STARTED: 'meeting.started',
  MEETING_ENDED: 'meeting.ended',
  WEBINAR_STARTED: 'webinar.started',
  WEBINAR_ENDED: 'webinar.ended',
  SESSION_STARTED: 'session.started',
  SESSION_ENDED: 'session.ended',
  MEETING_RTMS_STARTED: 'meeting.rtms_started',
  MEETING_RTMS_STOPPED: 'meeting.rtms_stopped',
  MEETING_RTMS_INTERRUPTED: 'meeting.rtms_interrupted',
  WEBINAR_RTMS_STARTED: 'webinar.rtms_started',
  WEBINAR_RTMS_STOPPED: 'webinar.rtms_stopped',
  WEBINAR_RTMS_INTERRUPTED: 'webinar.rtms_interrupted',
  SESSION_RTMS_STARTED: 'session.rtms_started',
  SESSION_RTMS_STOPPED: 'session.rtms_stopped',
  SESSION_RTMS_INTERRUPTED: 'session.rtms_interrupted',
} as const;
export type WebhookEvent = (typeof WebhookEvent)[keyof typeof WebhookEvent];

/** Headers Zoom sends with each webhook (lowercase, as Node exposes them). */
export const WebhookHeader = {
  signature: 'x-zm-signature',
  timestamp: 'x-zm-request-timestamp',
  requestId: 'x-zm-request-id',
  trackingId: 'x-zm-trackingid',
} as const;
export const WEBHOOK_USER_AGENT = 'Zoom Marketplace/1.0a';
export const WEBHOOK_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Meeting = meeting.*, webinar = webinar.*, session = Video SDK session.* */
export type InstanceProduct = 'meeting' | 'webinar' | 'session';

/** The event-name prefix and the payload's instance-id field, per product. */
export const ProductWire: Readonly<
  Record<InstanceProduct, { prefix: string; idField: 'meeting_uuid' | 'webinar_uuid' | 'session_id' }>
> = {
  meeting: { prefix: 'meeting', idField: 'meeting_uuid' },
  webinar: { prefix: 'webinar', idField: 'webinar_uuid' },
  session: { prefix: 'session', idField: 'session_id' },
};

export interface WebhookEnvelope<P = Record<string, unknown>> {
  event: string;
  /** Epoch milliseconds. */
  event_ts: number;
  payload: P;
}

export interface RtmsStartedWebhookPayload {
  meeting_uuid?: string;
  webinar_uuid?: string;
  session_id?: string;
  session_key?: string;
  operator_id?: string;
  rtms_stream_id: string;
  /** One string; several URLs may be comma-separated (see splitServerUrls). */
  server_urls: string;
  account_id?: string;
  meeting_id?: number;
  webinar_id?: number;
  is_original_host?: boolean;
}

export interface RtmsStoppedWebhookPayload {
  meeting_uuid?: string;
  webinar_uuid?: string;
  session_id?: string;
  session_key?: string;
  rtms_stream_id: string;
  stop_reason: number;
}

export interface RtmsInterruptedWebhookPayload {
  meeting_uuid?: string;
  webinar_uuid?: string;
  session_id?: string;
  session_key?: string;
  rtms_stream_id: string;
}
