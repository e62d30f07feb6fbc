import { createHash } from 'node:crypto';

// Deterministic message ids, used as Nats-Msg-Id so that a retry, redelivery or reconnect never doubles a message.

/**
 * Id of a stored webhook: a hash of the body bytes. Zoom resends the same body (same event_ts), so a resend
 * has the same id; a failover `rtms_started` carries a new event_ts and therefore a new id.
 */
export function webhookMessageId(rawBody: Uint8Array | string): string {
  return createHash('sha256').update(rawBody).digest('hex').slice(0, 40);
}

/**
 * Id of a transcript segment: stream, speaker, Zoom timestamp and revision. Zoom re-sends a revised sentence
 * (`update`, `delete`) with the sentence's original timestamp, possibly several times with different text, so
 * a revision's id also carries a hash of its text: each distinct revision is kept, an identical re-send is not.
 */
export function transcriptSegmentId(
  streamId: string,
  userId: string,
  timestamp: number,
  attribute = 'new',
  text?: string,
): string {
  const base = `${streamId}:${userId}:${timestamp}:${attribute}`;
  return attribute === 'new' || text === undefined ? base : `${base}:${shortHash(text)}`;
}

/** Id of a chat message: stream, sender, Zoom timestamp and a hash of the text. */
export function chatMessageId(streamId: string, userId: string, timestamp: number, text: string): string {
  return `${streamId}:${userId}:${timestamp}:${shortHash(text)}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
