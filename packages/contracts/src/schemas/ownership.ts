import { z } from 'zod';
import { InstanceKinds } from './webhook.js';

/** KV `rtms-streams`: the desired state of an RTMS stream, written from its webhooks. */
export const StreamRegistryEntry = z.object({
  v: z.literal(1),
  streamId: z.string().min(1),
  instanceKind: z.enum(InstanceKinds),
  /** meeting_uuid / webinar_uuid / session_id / engagement_id, verbatim (signed as is). */
  instanceId: z.string().min(1),
  /** `server_urls` of the latest rtms_started; empty when a stop was handled before any start. */
  serverUrls: z.string(),
  /** event_ts of the rtms_started whose URLs are in use: a newer one with new URLs is a failover (reconnect). */
  generation: z.number(),
  /** event_ts of the latest rtms_interrupted handled, 0 if none. */
  interruptedAt: z.number().default(0),
  state: z.enum(['active', 'stopped']),
  /** event_ts of the rtms_stopped / meeting.ended that stopped it (0 while active); older starts are ignored. */
  stoppedAt: z.number().default(0),
  stopReason: z.number().int().optional(),
  updatedAt: z.number(),
  /**
   * W3C traceparent of the rtms_started webhook whose URLs are in use (when tracing is on): every replica that
   * runs the stream, a takeover included, makes its session span a child of it (docs/operations.md, "Tracing").
   */
  traceparent: z.string().optional(),
});
export type StreamRegistryEntry = z.infer<typeof StreamRegistryEntry>;

/** KV `rtms-leases`: which connector replica owns a stream, renewed by compare-and-set. */
export const StreamLease = z.object({
  v: z.literal(1),
  owner: z.string().min(1),
  acquiredAt: z.number(),
  renewedAt: z.number(),
});
export type StreamLease = z.infer<typeof StreamLease>;

/** KV `rtms-connector-replicas`: a connector replica's heartbeat (written every RTMS_HEARTBEAT_MS). */
export const ReplicaHeartbeat = z.object({
  v: z.literal(1),
  replica: z.string().min(1),
  startedAt: z.number(),
  /** Sender's clock when written; the server's write time is what others compare. */
  at: z.number(),
});
export type ReplicaHeartbeat = z.infer<typeof ReplicaHeartbeat>;

/** `rtms.dlq.<consumer>`: a message a consumer gave up on, with why. */
export const DeadLetter = z.object({
  v: z.literal(1),
  consumer: z.string(),
  subject: z.string(),
  streamSeq: z.number().int().optional(),
  reason: z.string(),
  /** Original payload: UTF-8 text when it decodes, else base64. */
  data: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  at: z.number(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
