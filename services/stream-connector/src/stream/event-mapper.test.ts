import { RtmsEvent } from '@rtms/contracts';
import { describe, expect, it } from 'vitest';
import { eventOf } from './event-mapper.js';

const asEvent = (fields: object) => RtmsEvent.parse({ v: 1, streamId: 's', meetingUuid: 'u', ...fields });

describe('event mapper - signaling notices to rtms.event', () => {
  it('maps EVENT_UPDATE types, with numeric or string ids', () => {
    const join = eventOf({
      msg_type: 6,
      event: {
        event_type: 3,
        timestamp: 10,
        participants: [{ user_id: 16778240, user_name: 'A' }, { user_id: '7' }],
      },
    });
    expect(join).toEqual({
      kind: 'participant_join',
      timestamp: 10,
      zoomType: 3,
      participants: [{ userId: '16778240', userName: 'A' }, { userId: '7' }],
    });
    expect(asEvent(join ?? {})).toBeTruthy();
    expect(
      eventOf({ msg_type: 6, event: { event_type: 2, timestamp: 11, user_id: 5, user_name: 'B' } }),
    ).toEqual({
      kind: 'active_speaker',
      timestamp: 11,
      zoomType: 2,
      userId: '5',
      userName: 'B',
    });
    expect(eventOf({ msg_type: 6, event: { event_type: 99, timestamp: 1 } })?.kind).toBe('other');
  });

  it('maps stream and session state updates (reason or stop_reason)', () => {
    const s = eventOf({ msg_type: 8, state: 4, reason: 6, timestamp: 12 });
    expect(s).toEqual({ kind: 'stream_state', timestamp: 12, zoomType: 8, state: 4, stopReason: 6 });
    const session = eventOf({ msg_type: 9, state: 5, stop_reason: 1, timestamp: 13, rtms_session_id: 'x' });
    expect(session).toEqual({
      kind: 'session_state',
      timestamp: 13,
      zoomType: 9,
      state: 5,
      stopReason: 1,
      sessionId: 'x',
    });
    expect(asEvent(session ?? {})).toBeTruthy();
  });

  it('reads field-name variants and keeps unknown fields under extra', () => {
    const session = eventOf({
      msg_type: 9,
      state: 5,
      reason: 2,
      timestamp: 14,
      session_id: 'y',
      operator: 9,
    });
    expect(session).toEqual({
      kind: 'session_state',
      timestamp: 14,
      zoomType: 9,
      state: 5,
      stopReason: 2,
      sessionId: 'y',
      extra: { operator: 9 },
    });
    expect(asEvent(session ?? {}).extra).toEqual({ operator: 9 });
    const stream = eventOf({
      msg_type: 8,
      state: 4,
      stop_reason: 6,
      timestamp: 15,
      rtms_stream_id: 's',
      x: [1],
    });
    expect(stream).toMatchObject({ stopReason: 6, extra: { x: [1] } });
    const ev = eventOf({
      msg_type: 6,
      seq: 3,
      event: { event_type: 2, timestamp: 16, user_id: 5, role: 'host' },
    });
    expect(ev?.extra).toEqual({ seq: 3, role: 'host' });
  });

  it('ignores frames that are not events or lack their body', () => {
    expect(eventOf({ msg_type: 12, timestamp: 1 })).toBeUndefined();
    expect(eventOf({ msg_type: 6 })).toBeUndefined();
    expect(eventOf({ msg_type: 6, event: { event_type: 'x' } })).toBeUndefined();
    expect(eventOf({ msg_type: 8 }, 77)).toEqual({ kind: 'stream_state', timestamp: 77, zoomType: 8 });
  });
});
