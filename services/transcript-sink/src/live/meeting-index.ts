import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import {
  decodeJson,
  MeetingLifecyclePayload,
  Streams,
  SubjectPatterns,
  Subjects,
  ZoomEvents,
} from '@rtms/contracts';
import type { Logger } from 'pino';
import { StreamFollower } from './stream-follower.js';

/** What meeting.started told about a meeting (Zoom's webhook in ZOOM_WEBHOOKS). */
export interface MeetingStart {
  topic?: string;
  /** Zoom's `start_time`, epoch ms. */
  startedAt?: number;
}

/** What a stream's transcript told so far. */
export interface StreamSpeakers {
  /** Speaker names, in the order they first spoke. */
  speakers: string[];
  /** Zoom timestamp of the first segment, epoch ms. */
  firstAt: number;
}

export interface MeetingIndexSettings {
  js: JetStreamClient;
  logger: Logger;
  retryMs?: number;
}

/**
 * Topics and start times (meeting.started webhooks, `zoom.webhook.meeting.started` in ZOOM_WEBHOOKS) and the
 * speakers of every stream (`rtms.transcript.>`), kept in memory by two ordered consumers that read each
 * stream from its start and then follow it. Without ZOOM_WEBHOOKS (or the right to read it) meetings have
 * no topic and the page shows their id.
 */
export class MeetingIndex {
  private readonly starts = new Map<string, MeetingStart>();
  private readonly streams = new Map<string, StreamSpeakers>();
  private readonly followers: StreamFollower[];
  private readonly log: Logger;

  constructor(settings: MeetingIndexSettings) {
    this.log = settings.logger.child({ component: 'meeting-index' });
    const common = {
      js: settings.js,
      logger: this.log,
      ...(settings.retryMs ? { retryMs: settings.retryMs } : {}),
    };
    this.followers = [
      new StreamFollower({
        ...common,
        stream: Streams.webhooks,
        filter: Subjects.webhook(ZoomEvents.meetingStarted),
        onMessage: (msg) => this.onStarted(msg),
      }),
      new StreamFollower({
        ...common,
        stream: Streams.transcripts,
        filter: SubjectPatterns.transcripts,
        onMessage: (msg) => this.onSegment(msg),
      }),
    ];
  }

  start(): void {
    for (const f of this.followers) f.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.stop()));
  }

  meeting(meetingUuid: string): MeetingStart | undefined {
    return this.starts.get(meetingUuid);
  }

  stream(streamId: string): StreamSpeakers | undefined {
    return this.streams.get(streamId);
  }

  private onStarted(msg: JsMsg): void {
    const envelope = decodeJson('webhook', msg.subject, msg.data);
    const payload = envelope.ok ? MeetingLifecyclePayload.safeParse(envelope.value.payload) : undefined;
    if (!payload?.success) {
      this.log.debug({ subject: msg.subject, seq: msg.seq }, 'meeting.started without a meeting: ignored');
      return;
    }
    const { uuid, topic, start_time } = payload.data.object;
    const startedAt = typeof start_time === 'string' ? Date.parse(start_time) : Number.NaN;
    this.starts.set(uuid, {
      ...(topic?.trim() ? { topic: topic.trim() } : {}),
      ...(Number.isFinite(startedAt) ? { startedAt } : {}),
    });
  }

  private onSegment(msg: JsMsg): void {
    const decoded = decodeJson('transcript', msg.subject, msg.data);
    if (!decoded.ok) return;
    const { streamId, userName, userId, timestamp } = decoded.value;
    const entry = this.streams.get(streamId) ?? { speakers: [], firstAt: timestamp };
    const speaker = userName || userId;
    if (!entry.speakers.includes(speaker)) entry.speakers.push(speaker);
    entry.firstAt = Math.min(entry.firstAt, timestamp);
    this.streams.set(streamId, entry);
  }
}
