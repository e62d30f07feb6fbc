import { z } from 'zod';

/** Kinds of `rtms.event.<id>` messages (EVENT_UPDATE, STREAM_STATE_UPDATE, SESSION_STATE_UPDATE). */
const RtmsEventKinds = [
  'first_packet',
  'active_speaker',
  'participant_join',
  'participant_leave',
  'sharing_start',
  'sharing_stop',
  'media_interrupted',
  'video_on',
  'video_off',
  'stream_state',
  'session_state',
  'other',
] as const;
export type RtmsEventKind = (typeof RtmsEventKinds)[number];

const Participant = z.object({ userId: z.string(), userName: z.string().optional() });

/** `rtms.event.<rtms_stream_id>`: what happened in the stream, normalised from Zoom's signaling messages. */
export const RtmsEvent = z.object({
  v: z.literal(1),
  streamId: z.string().min(1),
  meetingUuid: z.string(),
  kind: z.enum(RtmsEventKinds),
  /** Zoom's timestamp, epoch ms. */
  timestamp: z.number(),
  /** Zoom's raw event_type (EVENT_UPDATE) or msg_type (state updates). */
  zoomType: z.number().int().optional(),
  userId: z.string().optional(),
  userName: z.string().optional(),
  participants: z.array(Participant).optional(),
  /** STREAM_STATE / SESSION_STATE value and stop reason, for state kinds. */
  state: z.number().int().optional(),
  stopReason: z.number().int().optional(),
  sessionId: z.string().optional(),
  /** Fields of Zoom's message that none of the above holds, verbatim, so subscribers lose nothing. */
  extra: z.record(z.string(), z.unknown()).optional(),
});
export type RtmsEvent = z.infer<typeof RtmsEvent>;

const LifecycleStates = [
  'connecting',
  'connected',
  'interrupted',
  'reconnecting',
  'reconnected',
  'stopped',
] as const;
export type LifecycleState = (typeof LifecycleStates)[number];

/** `rtms.lifecycle.<rtms_stream_id>`: the connector's view of a stream's connection. */
export const StreamLifecycle = z.object({
  v: z.literal(1),
  streamId: z.string().min(1),
  meetingUuid: z.string(),
  state: z.enum(LifecycleStates),
  /** Why: e.g. 'rtms_started', 'failover', 'media_interrupted', 'keep_alive_timeout', 'rtms_stopped'. */
  reason: z.string().optional(),
  /** Zoom STOP_REASON when state is 'stopped'. */
  stopReason: z.number().int().optional(),
  /** `stopReason` for people: its name and one-line meaning, e.g. `MEETING_ENDED (6): the meeting ended`. */
  stopReasonText: z.string().optional(),
  /** The connector replica that owns the stream. */
  owner: z.string().optional(),
  at: z.number(),
});
export type StreamLifecycle = z.infer<typeof StreamLifecycle>;

/**
 * `rtms.audio|video|share.<id>` carry raw bytes (decoded from Zoom's base64) as the payload; metadata travels
 * in these headers. Audio: L16 PCM little-endian unless the format says otherwise.
 */
export const MediaHeaders = {
  userId: 'Rtms-User-Id',
  userName: 'Rtms-User-Name',
  timestamp: 'Rtms-Timestamp',
  format: 'Rtms-Format',
  meetingUuid: 'Rtms-Meeting-Uuid',
} as const;

export const MediaHeaderValues = z.object({
  userId: z.string(),
  userName: z.string().optional(),
  timestamp: z.coerce.number(),
  format: z.string().min(1),
  meetingUuid: z.string(),
});
export type MediaHeaderValues = z.infer<typeof MediaHeaderValues>;
