import type { JetStreamManager } from '@nats-io/jetstream';
import {
  decodeJson,
  type LifecycleState,
  lastToken,
  Streams,
  Subjects,
  type TranscriptSegment,
} from '@rtms/contracts';
import type { Logger } from 'pino';
import type { MeetingStarts } from './meeting-starts.js';
import type { RecordingLink, RecordingLinks } from './recording-links.js';
import type { SpeakerIndex } from './speaker-index.js';

/** One row of the page's meeting list. */
export interface MeetingSummary {
  streamId: string;
  meetingUuid: string;
  /** The meeting's topic from meeting.started, when the system stored one. */
  topic?: string;
  /** When the meeting started (meeting.started `start_time`), else its first segment's time; epoch ms. */
  startedAt: number;
  /** From the start to the end of the last segment (so far, while live). */
  durationMs: number;
  /** Speaker names, in the order they first spoke (known once the page's index has read the stream). */
  speakers: string[];
  /** Messages stored on `rtms.transcript.<id>` (revisions included). */
  segments: number;
  lastSpeaker: string;
  /** Zoom timestamp of the last segment, epoch ms. */
  lastAt: number;
  /** The connector's last lifecycle state, or `unknown` when it published none. */
  state: LifecycleState | 'unknown';
  live: boolean;
  /** Why a stopped stream stopped: Zoom's stop reason in words (`stopReasonText`), or the connector's reason. */
  endedBecause?: string;
  /** The finished recording's files on the media recorder (RECORDINGS_URL set, the stream stopped). */
  recording?: RecordingLink[];
}

export interface MeetingDirectorySettings {
  jsm: JetStreamManager;
  logger: Logger;
  /** Topics and start times (meeting.started); without it meetings have none. */
  starts?: MeetingStarts;
  /** Speakers and first segment times; without it only the last speaker is known. */
  speakers?: SpeakerIndex;
  /** Links to finished recordings; without it meetings have none. */
  recordings?: RecordingLinks;
  /** Streams looked at, at most (each costs two small JetStream requests). */
  limit?: number;
  /** A list is reused for this long, so many open pages cost JetStream one query (default 1000 ms). */
  cacheMs?: number;
}

/**
 * Which meetings have transcripts, read from JetStream itself (per-subject counts of RTMS_TRANSCRIPTS, the
 * last segment and the last lifecycle message of each): the list is right after a restart, and any replica
 * gives the same answer. Newest first (by start time).
 */
export class MeetingDirectory {
  private readonly limit: number;
  private readonly cacheMs: number;
  private readonly log: Logger;
  private cached: { at: number; list: Promise<MeetingSummary[]> } | undefined;

  constructor(private readonly settings: MeetingDirectorySettings) {
    this.limit = settings.limit ?? 500;
    this.cacheMs = settings.cacheMs ?? 1000;
    this.log = settings.logger.child({ component: 'meetings' });
  }

  list(): Promise<MeetingSummary[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.cacheMs) return this.cached.list;
    const list = this.load();
    this.cached = { at: now, list };
    list.catch(() => {
      if (this.cached?.list === list) this.cached = undefined;
    });
    return list;
  }

  private async load(): Promise<MeetingSummary[]> {
    await this.settings.starts?.refresh();
    const info = await this.settings.jsm.streams.info(Streams.transcripts, {
      subjects_filter: 'rtms.transcript.>',
    });
    const counts = Object.entries(info.state.subjects ?? {});
    if (counts.length > this.limit) {
      this.log.warn({ streams: counts.length, limit: this.limit }, 'more streams than the page lists');
    }
    const rows = await Promise.all(
      counts.slice(0, this.limit).map(([subject, segments]) => this.summary(lastToken(subject), segments)),
    );
    return rows
      .filter((r): r is MeetingSummary => r !== undefined)
      .sort((a, b) => b.startedAt - a.startedAt || b.lastAt - a.lastAt);
  }

  private async summary(streamId: string, segments: number): Promise<MeetingSummary | undefined> {
    const last = await this.lastSegment(streamId);
    if (!last) return undefined;
    const { state, endedBecause } = await this.lastState(streamId);
    const known = this.settings.speakers?.stream(streamId);
    const started = this.settings.starts?.meeting(last.meetingUuid);
    const startedAt = started?.startedAt ?? known?.firstAt ?? last.timestamp;
    // Zoom's clock on both ends (the lifecycle's time is the connector's): up to the last segment's end.
    const endAt = Math.max(last.endTime, last.timestamp);
    // A recording is finished after its stream stopped (or, with no lifecycle, whenever it idled out).
    const recording =
      state === 'stopped' || state === 'unknown' ? await this.settings.recordings?.of(streamId) : undefined;
    return {
      streamId,
      meetingUuid: last.meetingUuid,
      ...(started?.topic ? { topic: started.topic } : {}),
      startedAt,
      durationMs: Math.max(0, endAt - startedAt),
      speakers: known?.speakers ?? [last.userName],
      segments,
      lastSpeaker: last.userName,
      lastAt: last.timestamp,
      state,
      live: state !== 'stopped',
      ...(endedBecause ? { endedBecause } : {}),
      ...(recording ? { recording } : {}),
    };
  }

  private async lastSegment(streamId: string): Promise<TranscriptSegment | undefined> {
    const subject = Subjects.transcript(streamId);
    const msg = await this.settings.jsm.streams.getMessage(Streams.transcripts, { last_by_subj: subject });
    if (!msg) return undefined;
    const decoded = decodeJson('transcript', subject, msg.data);
    if (decoded.ok) return decoded.value;
    this.log.warn({ subject, seq: msg.seq, err: decoded.error }, 'last segment of a stream is invalid');
    return undefined;
  }

  private async lastState(streamId: string): Promise<Pick<MeetingSummary, 'state' | 'endedBecause'>> {
    const subject = Subjects.lifecycle(streamId);
    try {
      const msg = await this.settings.jsm.streams.getMessage(Streams.events, { last_by_subj: subject });
      if (!msg) return { state: 'unknown' };
      const decoded = decodeJson('lifecycle', subject, msg.data);
      if (!decoded.ok) return { state: 'unknown' };
      const { state, stopReasonText, reason } = decoded.value;
      const endedBecause = state === 'stopped' ? (stopReasonText ?? reason) : undefined;
      return endedBecause ? { state, endedBecause } : { state };
    } catch (err) {
      this.log.debug({ err, subject }, 'no lifecycle for stream');
      return { state: 'unknown' };
    }
  }
}
