import { createHash } from 'node:crypto';
import { z } from 'zod';

export const RtmsActions = ['start', 'stop', 'pause', 'resume'] as const;
export type RtmsAction = (typeof RtmsActions)[number];

const meetingId = z
  .union([z.string().regex(/^\d+$/, 'a numeric meeting id'), z.number().int().positive()])
  .transform(String);

/** zoom-api request: start/stop/pause/resume RTMS for a meeting. */
export const RtmsControlRequest = z.object({
  meetingId,
  participantUserId: z.string().min(1).optional(),
});
export type RtmsControlRequest = z.infer<typeof RtmsControlRequest>;

/** zoom-api request: schedule a delayed stop. */
export const ScheduleStopRequest = z.object({
  meetingId,
  delaySeconds: z.number().int().min(0).max(86_400),
  /** The meeting's UUID, when known: an `rtms_stopped` webhook (which names the UUID only) then cancels it. */
  meetingUuid: z.string().min(1).optional(),
});
export type ScheduleStopRequest = z.infer<typeof ScheduleStopRequest>;

/** zoom-api request: cancel a pending delayed stop. */
export const CancelStopRequest = z.object({ meetingId });
export type CancelStopRequest = z.infer<typeof CancelStopRequest>;

/** zoom-api success reply. Errors travel as NATS service errors (Nats-Service-Error[-Code] headers). */
export const RtmsControlReply = z.object({
  ok: z.literal(true),
  meetingId: z.string(),
  action: z.string(),
  httpStatus: z.number().int().optional(),
  dueAt: z.number().optional(),
});
export type RtmsControlReply = z.infer<typeof RtmsControlReply>;

const ControlOutcomes = ['ok', 'failed', 'retrying', 'scheduled', 'cancelled', 'fired', 'skipped'] as const;

/** `rtms.control.events.<action>`: every outcome of zoom-api's work, for operators and tests. */
export const ControlEvent = z.object({
  v: z.literal(1),
  action: z.enum([...RtmsActions, 'schedule_stop', 'cancel_stop']),
  meetingId: z.string(),
  outcome: z.enum(ControlOutcomes),
  source: z.enum(['webhook', 'api', 'schedule']),
  httpStatus: z.number().int().optional(),
  zoomCode: z.union([z.number(), z.string()]).optional(),
  message: z.string().optional(),
  attempt: z.number().int().optional(),
  dueAt: z.number().optional(),
  at: z.number(),
});
export type ControlEvent = z.infer<typeof ControlEvent>;

/** `rtms.schedule.stop.<meetingId>`: a delayed stop that outlives restarts and fires once. */
export const ScheduledStop = z.object({
  v: z.literal(1),
  meetingId: z.string(),
  meetingUuid: z.string().optional(),
  dueAt: z.number(),
  createdAt: z.number(),
  source: z.enum(['webhook', 'api']),
});
export type ScheduledStop = z.infer<typeof ScheduledStop>;

/**
 * KV `rtms-stop-cancels`, key `id.<meetingId>` or `uuid.<hash of the UUID>`: every delayed stop of that meeting
 * with an RTMS_SCHEDULE sequence up to `uptoSeq` is cancelled (acknowledged without a Zoom call).
 */
export const StopCancellation = z.object({
  v: z.literal(1),
  uptoSeq: z.number().int().nonnegative(),
  reason: z.string(),
  at: z.number(),
});
export type StopCancellation = z.infer<typeof StopCancellation>;

/**
 * The keys of KV `rtms-stop-cancels`: `id.<meetingId>`, and `uuid.<hash>` for a meeting UUID (UUIDs contain
 * '+' and '/', which KV keys do not allow: the first 32 hex digits of its SHA-256 stand in).
 */
export const StopCancellationKeys = {
  id: (meetingId: string) => `id.${meetingId}`,
  uuid: (meetingUuid: string) =>
    `uuid.${createHash('sha256').update(meetingUuid).digest('hex').slice(0, 32)}`,
} as const;
