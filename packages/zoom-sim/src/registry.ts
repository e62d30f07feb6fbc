import type { Conn, ConnRole, Meeting, Stream } from './model.js';

export interface ProtocolError {
  at: number;
  connId: number;
  role: ConnRole;
  streamId: string | undefined;
  reason: string;
}

/** Every meeting, stream and socket the simulator knows, with the indexes the servers look up by. */
export class Registry {
  readonly meetings = new Map<string, Meeting>();
  readonly streams = new Map<string, Stream>();
  /** Streams not stopped; the media and keep-alive tickers iterate these. */
  readonly live = new Set<Stream>();
  readonly conns = new Set<Conn>();
  /** Bad frames received on established sockets (newest 1000). */
  readonly protocolErrors: ProtocolError[] = [];
  private meetingOrdinal = 0;
  private connId = 0;

  nextMeetingOrdinal(): number {
    return this.meetingOrdinal++;
  }

  nextConnId(): number {
    return ++this.connId;
  }

  addMeeting(meeting: Meeting): void {
    this.meetings.set(meeting.id, meeting);
  }

  /** By numeric id, UUID / session id, or a once- or twice-encoded UUID (Zoom's path rule). */
  findMeeting(key: string): Meeting | undefined {
    const direct = this.meetings.get(key);
    if (direct) return direct;
    const candidates = new Set([key]);
    try {
      const once = decodeURIComponent(key);
      candidates.add(once);
      candidates.add(decodeURIComponent(once));
    } catch {
      // not percent-encoded
    }
    for (const m of this.meetings.values()) {
      if (candidates.has(m.uuid) || candidates.has(m.id)) return m;
    }
    return undefined;
  }

  addStream(stream: Stream): void {
    this.streams.set(stream.id, stream);
    this.live.add(stream);
  }

  markStopped(stream: Stream): void {
    this.live.delete(stream);
  }
}
