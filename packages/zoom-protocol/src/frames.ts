import type { BinaryMediaContent, ChatContent, TranscriptContent } from './messages.js';

// Cheap frame accessors for hot paths (audio at 50 frames/s per stream): one JSON.parse and a few typeof
// checks, no schema. Each returns undefined for a frame that does not have the expected shape.

export type Frame = { msg_type: number } & Record<string, unknown>;

/** Parses a text frame; undefined unless it is a JSON object with an integer `msg_type`. */
export function parseFrame(text: string | Buffer): Frame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const msgType = (value as { msg_type?: unknown }).msg_type;
  return Number.isInteger(msgType) ? (value as Frame) : undefined;
}

function contentOf(frame: Frame): Record<string, unknown> | undefined {
  const c = frame.content;
  return typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : undefined;
}

/** Content of audio (14), video (15) or share (16) frames; `data` stays base64 (decode only when needed). */
export function binaryContent(frame: Frame): BinaryMediaContent | undefined {
  const c = contentOf(frame);
  if (!c || typeof c.data !== 'string' || typeof c.timestamp !== 'number') return undefined;
  return c as unknown as BinaryMediaContent;
}

export function transcriptContent(frame: Frame): TranscriptContent | undefined {
  const c = contentOf(frame);
  if (!c || typeof c.data !== 'string' || typeof c.timestamp !== 'number') return undefined;
  return c as unknown as TranscriptContent;
}

export function chatContent(frame: Frame): ChatContent | undefined {
  const c = contentOf(frame);
  if (!c || typeof c.data !== 'string' || typeof c.timestamp !== 'number') return undefined;
  return c as unknown as ChatContent;
}
