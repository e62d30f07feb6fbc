import { InvalidSubjectTokenError } from './errors.js';

// Subject grammar. Ids that become subject tokens must be a single safe token: Zoom's rtms_stream_id is hex,
// meeting ids are numeric; anything else (such as a meeting UUID with '/', '+', '=') stays in the payload.
const SAFE_TOKEN = /^[A-Za-z0-9_-]+$/;
const SAFE_EVENT = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;

export function token(value: string, what = 'id'): string {
  if (!SAFE_TOKEN.test(value)) throw new InvalidSubjectTokenError(value, what);
  return value;
}

/**
 * The binary media published per stream, as subject tokens (`rtms.<kind>.<streamId>`). Not Zoom's media types
 * (`MediaKinds` in zoom-protocol: audio, video, deskshare, transcript, chat).
 */
const MediaSubjectKinds = ['audio', 'video', 'share'] as const;
export type MediaSubjectKind = (typeof MediaSubjectKinds)[number];

/** Subject builders and the wildcard patterns subscribers use. */
export const Subjects = {
  /** `zoom.webhook.<event>`, e.g. `zoom.webhook.meeting.rtms_started`. */
  webhook: (event: string) => {
    if (!SAFE_EVENT.test(event)) throw new InvalidSubjectTokenError(event, 'webhook event name');
    return `zoom.webhook.${event}`;
  },
  transcript: (streamId: string) => `rtms.transcript.${token(streamId, 'rtms_stream_id')}`,
  chat: (streamId: string) => `rtms.chat.${token(streamId, 'rtms_stream_id')}`,
  event: (streamId: string) => `rtms.event.${token(streamId, 'rtms_stream_id')}`,
  lifecycle: (streamId: string) => `rtms.lifecycle.${token(streamId, 'rtms_stream_id')}`,
  media: (kind: MediaSubjectKind, streamId: string) => `rtms.${kind}.${token(streamId, 'rtms_stream_id')}`,
  audio: (streamId: string) => `rtms.audio.${token(streamId, 'rtms_stream_id')}`,
  video: (streamId: string) => `rtms.video.${token(streamId, 'rtms_stream_id')}`,
  share: (streamId: string) => `rtms.share.${token(streamId, 'rtms_stream_id')}`,
  /** `rtms.control.events.<action>`: outcome of an RTMS REST call. */
  controlEvent: (action: string) => `rtms.control.events.${token(action, 'action')}`,
  /** `rtms.schedule.stop.<meetingId>`: a delayed RTMS stop. */
  scheduledStop: (meetingId: string) => `rtms.schedule.stop.${token(meetingId, 'meeting id')}`,
  /** `rtms.connector.<replicaId>.control`: commands for the replica that owns a stream. */
  connectorControl: (replicaId: string) => `rtms.connector.${token(replicaId, 'replica id')}.control`,
  /** `rtms.dlq.<consumer>`: messages a consumer could not process. */
  deadLetter: (consumer: string) => `rtms.dlq.${token(consumer, 'consumer name')}`,
} as const;

/** Wildcards for subscribers and stream definitions. */
export const SubjectPatterns = {
  webhooks: 'zoom.webhook.>',
  transcripts: 'rtms.transcript.*',
  chat: 'rtms.chat.*',
  events: 'rtms.event.*',
  lifecycle: 'rtms.lifecycle.*',
  audio: 'rtms.audio.*',
  video: 'rtms.video.*',
  share: 'rtms.share.*',
  controlEvents: 'rtms.control.events.*',
  scheduledStops: 'rtms.schedule.stop.*',
  connectorControl: 'rtms.connector.*.control',
  deadLetters: 'rtms.dlq.*',
} as const;

/** zoom-api NATS service endpoints (request/reply). */
export const ZoomApiEndpoints = {
  start: 'rtms.api.start',
  stop: 'rtms.api.stop',
  pause: 'rtms.api.pause',
  resume: 'rtms.api.resume',
  scheduleStop: 'rtms.api.stop.schedule',
  cancelStop: 'rtms.api.stop.cancel',
} as const;

/** The last token of a subject, e.g. the rtms_stream_id of `rtms.transcript.<id>`. */
export function lastToken(subject: string): string {
  const i = subject.lastIndexOf('.');
  return i === -1 ? subject : subject.slice(i + 1);
}

/** The Zoom event name of a `zoom.webhook.<event>` subject. */
export function webhookEventOf(subject: string): string {
  return subject.startsWith('zoom.webhook.') ? subject.slice('zoom.webhook.'.length) : subject;
}
