import { describe, expect, it } from 'vitest';
import {
  decodeJson,
  encodeJson,
  instanceOf,
  MessageValidationError,
  RtmsStartedPayload,
  transcriptSegmentId,
  webhookMessageId,
} from './index.js';

const segment = {
  v: 1 as const,
  segmentId: transcriptSegmentId('s', 'u', 5),
  streamId: 's',
  meetingUuid: 'm',
  userId: 'u',
  userName: 'Ada',
  text: 'hello',
  language: 9,
  timestamp: 5,
  startTime: 5,
  endTime: 6,
  receivedAt: 7,
};

describe('contracts - codec', () => {
  it('round-trips a payload and fills defaults', () => {
    const bytes = encodeJson('transcript', 'rtms.transcript.s', segment);
    const decoded = decodeJson('transcript', 'rtms.transcript.s', bytes);
    expect(decoded).toEqual({ ok: true, value: { ...segment, attribute: 'new' } });
  });

  it('reports invalid JSON and schema violations with the subject, without throwing', () => {
    const notJson = decodeJson('transcript', 'rtms.transcript.s', new TextEncoder().encode('{'));
    expect(notJson.ok).toBe(false);
    const wrong = decodeJson('transcript', 'rtms.transcript.s', new TextEncoder().encode('{"v":1}'));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error).toBeInstanceOf(MessageValidationError);
      expect(wrong.error.message).toContain("invalid message on 'rtms.transcript.s'");
      expect(wrong.error.message).toContain('streamId');
    }
  });

  it('refuses to encode an invalid payload', () => {
    expect(() => encodeJson('transcript', 'x', { ...segment, v: 2 as 1 })).toThrow(MessageValidationError);
  });

  it('gives each distinct revision of a sentence its own id, and an identical re-send the same one', () => {
    expect(transcriptSegmentId('s', 'u', 5)).toBe('s:u:5:new');
    expect(transcriptSegmentId('s', 'u', 5, 'new', 'hello')).toBe('s:u:5:new');
    const first = transcriptSegmentId('s', 'u', 5, 'update', 'hello there');
    expect(first).not.toBe(transcriptSegmentId('s', 'u', 5, 'update', 'hello there, all'));
    expect(first).toBe(transcriptSegmentId('s', 'u', 5, 'update', 'hello there'));
    expect(transcriptSegmentId('s', 'u', 5, 'delete', '')).toMatch(/^s:u:5:delete:[0-9a-f]{12}$/);
  });

  it('gives a resend the same webhook id and a failover a new one', () => {
    const body = '{"event":"meeting.rtms_started","event_ts":1,"payload":{}}';
    expect(webhookMessageId(body)).toBe(webhookMessageId(Buffer.from(body)));
    expect(webhookMessageId(body)).not.toBe(webhookMessageId(body.replace('"event_ts":1', '"event_ts":2')));
  });
});

describe('contracts - webhook payloads', () => {
  it('accepts the flat RTMS payload of every product and finds its instance id', () => {
    const meeting = RtmsStartedPayload.parse({
      meeting_uuid: 'u==',
      rtms_stream_id: 's',
      server_urls: 'wss://x',
      operator_id: 'o',
    });
    expect(instanceOf(meeting)).toEqual({ kind: 'meeting', id: 'u==' });
    const webinar = RtmsStartedPayload.parse({
      webinar_uuid: 'w',
      rtms_stream_id: 's',
      server_urls: 'wss://x',
    });
    expect(instanceOf(webinar)).toEqual({ kind: 'webinar', id: 'w' });
    const session = RtmsStartedPayload.parse({
      session_id: 'sid',
      session_key: 'k',
      rtms_stream_id: 's',
      server_urls: 'wss://x',
    });
    expect(instanceOf(session)).toEqual({ kind: 'session', id: 'sid' });
  });

  it('rejects a payload without any instance id or without server_urls', () => {
    expect(RtmsStartedPayload.safeParse({ rtms_stream_id: 's', server_urls: 'wss://x' }).success).toBe(false);
    expect(RtmsStartedPayload.safeParse({ meeting_uuid: 'u', rtms_stream_id: 's' }).success).toBe(false);
  });
});
