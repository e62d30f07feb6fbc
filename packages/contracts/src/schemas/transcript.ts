import { z } from 'zod';

/** RTMS_DATA_MESSAGE_ATTRIBUTE: Zoom re-sends a sentence with `update` or `delete` as it revises it. */
const TranscriptAttributes = ['new', 'update', 'delete'] as const;

/** `rtms.transcript.<rtms_stream_id>`: one message per transcript segment. */
export const TranscriptSegment = z.object({
  v: z.literal(1),
  /** Deterministic id (stream + user + Zoom timestamp); also the Nats-Msg-Id, so a replay never doubles it. */
  segmentId: z.string().min(1),
  streamId: z.string().min(1),
  meetingUuid: z.string(),
  userId: z.string(),
  userName: z.string(),
  text: z.string(),
  /** RTMS_TRANSCRIPT_LANGUAGE code (9 = English, -1 = auto). */
  language: z.number().int(),
  /** Zoom's creation time of the segment, epoch ms. */
  timestamp: z.number(),
  /** Utterance start and end, as Zoom sends them. */
  startTime: z.number(),
  endTime: z.number(),
  attribute: z.enum(TranscriptAttributes).default('new'),
  /** Connector receive time, epoch ms. */
  receivedAt: z.number(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegment>;
export type TranscriptSegmentInput = z.input<typeof TranscriptSegment>;

/** `rtms.chat.<rtms_stream_id>`: one message per chat message. */
export const ChatMessage = z.object({
  v: z.literal(1),
  messageId: z.string().min(1),
  streamId: z.string().min(1),
  meetingUuid: z.string(),
  userId: z.string().optional(),
  userName: z.string().optional(),
  text: z.string(),
  timestamp: z.number(),
  receivedAt: z.number(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;
