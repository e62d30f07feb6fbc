import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { decodeJson, Streams, SubjectPatterns } from '@rtms/contracts';
import type { Logger } from 'pino';
import { StreamFollower } from './stream-follower.js';

/** What a stream's transcript told so far. */
export interface StreamSpeakers {
  /** Speaker names, in the order they first spoke. */
  speakers: string[];
  /** Zoom timestamp of the first segment, epoch ms. */
  firstAt: number;
}

export interface SpeakerIndexSettings {
  js: JetStreamClient;
  logger: Logger;
  retryMs?: number;
}

/**
 * The speakers and first segment time of every stream, kept in memory by an ordered consumer that reads
 * `rtms.transcript.>` from the start and then follows it (nothing provisioned, nothing to clean up).
 */
export class SpeakerIndex {
  private readonly streams = new Map<string, StreamSpeakers>();
  private readonly follower: StreamFollower;

  constructor(settings: SpeakerIndexSettings) {
    this.follower = new StreamFollower({
      js: settings.js,
      logger: settings.logger.child({ component: 'speaker-index' }),
      ...(settings.retryMs ? { retryMs: settings.retryMs } : {}),
      stream: Streams.transcripts,
      filter: SubjectPatterns.transcripts,
      onMessage: (msg) => this.onSegment(msg),
    });
  }

  start(): void {
    this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  stream(streamId: string): StreamSpeakers | undefined {
    return this.streams.get(streamId);
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
