import type { RtmsEventKind } from '@rtms/contracts';
import { EventType, type Frame, MsgType } from '@rtms/zoom-protocol';
import type { EventFields } from '../publish/json-publisher.js';

// Zoom's signaling notices (EVENT_UPDATE 6, STREAM_STATE_UPDATE 8, SESSION_STATE_UPDATE 9) → RtmsEvent
// fields. Pure and tolerant: ids may be numbers or strings, fields may be missing, a field Zoom is known to
// send under more than one name is read under each (docs/stream-connector.md, "Tolerated peers"), and fields
// nothing here reads are kept under `extra`.

const KIND_BY_EVENT: Readonly<Record<number, RtmsEventKind>> = {
  [EventType.FIRST_PACKET_TIMESTAMP]: 'first_packet',
  [EventType.ACTIVE_SPEAKER_CHANGE]: 'active_speaker',
  [EventType.PARTICIPANT_JOIN]: 'participant_join',
  [EventType.PARTICIPANT_LEAVE]: 'participant_leave',
  [EventType.SHARING_START]: 'sharing_start',
  [EventType.SHARING_STOP]: 'sharing_stop',
  [EventType.MEDIA_CONNECTION_INTERRUPTED]: 'media_interrupted',
  [EventType.PARTICIPANT_VIDEO_ON]: 'video_on',
  [EventType.PARTICIPANT_VIDEO_OFF]: 'video_off',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const id = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const int = (v: unknown): number | undefined => (Number.isInteger(v) ? (v as number) : undefined);

function participants(v: unknown): EventFields['participants'] {
  if (!Array.isArray(v)) return undefined;
  const out: NonNullable<EventFields['participants']> = [];
  for (const p of v) {
    if (!isObj(p)) continue;
    const userId = id(p.user_id);
    if (userId === undefined) continue;
    const userName = typeof p.user_name === 'string' ? p.user_name : undefined;
    out.push(userName === undefined ? { userId } : { userId, userName });
  }
  return out;
}

function withDefined(fields: Record<string, unknown>): EventFields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as EventFields;
}

/** Names read from each message (every variant); the rest is `extra`. */
const READ_EVENT_FRAME = new Set(['msg_type', 'event']);
const READ_EVENT = new Set(['event_type', 'timestamp', 'user_id', 'user_name', 'participants']);
const READ_STATE = new Set([
  'msg_type',
  'state',
  'reason',
  'stop_reason',
  'timestamp',
  'rtms_stream_id',
  'rtms_session_id',
  'session_id',
]);

function extraOf(...parts: [Obj, ReadonlySet<string>][]): Obj | undefined {
  let extra: Obj | undefined;
  for (const [obj, read] of parts) {
    for (const [k, v] of Object.entries(obj)) {
      if (read.has(k)) continue;
      extra ??= {};
      extra[k] = v;
    }
  }
  return extra;
}

/** The event of a signaling frame, or undefined when the frame is not an event (or lacks its body). */
export function eventOf(frame: Frame, now = Date.now()): EventFields | undefined {
  switch (frame.msg_type) {
    case MsgType.EVENT_UPDATE: {
      const e = frame.event;
      if (!isObj(e)) return undefined;
      const type = int(e.event_type);
      if (type === undefined) return undefined;
      return withDefined({
        kind: KIND_BY_EVENT[type] ?? 'other',
        timestamp: num(e.timestamp) ?? now,
        zoomType: type,
        userId: id(e.user_id),
        userName: typeof e.user_name === 'string' ? e.user_name : undefined,
        participants: participants(e.participants),
        extra: extraOf([frame, READ_EVENT_FRAME], [e, READ_EVENT]),
      });
    }
    case MsgType.STREAM_STATE_UPDATE:
      return withDefined({
        kind: 'stream_state',
        timestamp: num(frame.timestamp) ?? now,
        zoomType: frame.msg_type,
        state: int(frame.state),
        stopReason: int(frame.reason) ?? int(frame.stop_reason),
        extra: extraOf([frame, READ_STATE]),
      });
    case MsgType.SESSION_STATE_UPDATE:
      return withDefined({
        kind: 'session_state',
        timestamp: num(frame.timestamp) ?? now,
        zoomType: frame.msg_type,
        state: int(frame.state),
        stopReason: int(frame.stop_reason) ?? int(frame.reason),
        sessionId: id(frame.rtms_session_id) ?? id(frame.session_id),
        extra: extraOf([frame, READ_STATE]),
      });
    default:
      return undefined;
  }
}
