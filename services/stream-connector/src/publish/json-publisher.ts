import { createHash } from 'node:crypto';
import {
  type ChatMessage,
  chatMessageId,
  encodeJson,
  type LifecycleState,
  type RtmsEvent,
  type StreamLifecycle,
  Subjects,
  type TranscriptSegment,
  transcriptSegmentId,
} from '@rtms/contracts';
import { TRACEPARENT } from '@rtms/service-kit';
import { type ChatContent, describeStopReason, type TranscriptContent } from '@rtms/zoom-protocol';
import type { MessageType } from '../metrics.js';
import type { JetStreamOutbox } from './outbox.js';

// One stream's JSON messages: transcript segments, chat, events, lifecycle. Each gets a deterministic
// Nats-Msg-Id, so a segment Zoom sends again after a reconnect, or a publish retried, is stored once.

const encoder = new TextEncoder();
const ATTRIBUTES = { 2: 'update', 3: 'delete' } as const;

export type EventFields = Omit<RtmsEvent, 'v' | 'streamId' | 'meetingUuid'>;

export interface JsonPublisherSettings {
  outbox: JetStreamOutbox;
  streamId: string;
  meetingUuid: string;
  /** This replica: the lifecycle messages' owner. */
  owner: string;
  /** Sees every event published (the recording tap takes the first packet's timestamp). */
  onEvent?: ((fields: EventFields) => void) | undefined;
}

export class JsonPublisher {
  private readonly outbox: JetStreamOutbox;
  private readonly streamId: string;
  private readonly meetingUuid: string;
  private readonly owner: string;
  private readonly onEvent: ((fields: EventFields) => void) | undefined;
  private readonly transcriptSubject: string;
  private readonly chatSubject: string;
  private readonly eventSubject: string;
  private readonly lifecycleSubject: string;
  private lifecycleSeq = 0;
  /** The stream session span's traceparent (tracing on): every message carries it, so consumers' spans are children. */
  private traceparent: string | undefined;

  constructor(settings: JsonPublisherSettings) {
    this.outbox = settings.outbox;
    this.streamId = settings.streamId;
    this.meetingUuid = settings.meetingUuid;
    this.owner = settings.owner;
    this.onEvent = settings.onEvent;
    this.transcriptSubject = Subjects.transcript(this.streamId);
    this.chatSubject = Subjects.chat(this.streamId);
    this.eventSubject = Subjects.event(this.streamId);
    this.lifecycleSubject = Subjects.lifecycle(this.streamId);
  }

  /** Sets the traceparent every later message carries (undefined: none). */
  traceWith(traceparent: string | undefined): void {
    this.traceparent = traceparent;
  }

  private send(subject: string, data: Uint8Array, msgID: string, type: MessageType, receivedAt = -1): void {
    const headers = this.traceparent ? { [TRACEPARENT]: this.traceparent } : undefined;
    this.outbox.enqueue({ subject, data, msgID, type, receivedAt, headers });
  }

  transcript(c: TranscriptContent, receivedAt: number): void {
    const userId = String(c.user_id ?? '');
    const attribute = ATTRIBUTES[c.attribute as 2 | 3] ?? 'new';
    const segmentId = transcriptSegmentId(this.streamId, userId, c.timestamp, attribute, c.data);
    const segment: TranscriptSegment = {
      v: 1,
      segmentId,
      streamId: this.streamId,
      meetingUuid: this.meetingUuid,
      userId,
      userName: typeof c.user_name === 'string' ? c.user_name : '',
      text: c.data,
      language: Number.isInteger(c.language) ? c.language : -1,
      timestamp: c.timestamp,
      startTime: typeof c.start_time === 'number' ? c.start_time : c.timestamp,
      endTime: typeof c.end_time === 'number' ? c.end_time : c.timestamp,
      attribute,
      receivedAt: Date.now(),
    };
    this.send(
      this.transcriptSubject,
      encoder.encode(JSON.stringify(segment)),
      segmentId,
      'transcript',
      receivedAt,
    );
  }

  chat(c: ChatContent, receivedAt: number): void {
    const userId = c.user_id === undefined ? undefined : String(c.user_id);
    const messageId = chatMessageId(this.streamId, userId ?? '', c.timestamp, c.data);
    const message: ChatMessage = {
      v: 1,
      messageId,
      streamId: this.streamId,
      meetingUuid: this.meetingUuid,
      ...(userId === undefined ? {} : { userId }),
      ...(typeof c.user_name === 'string' ? { userName: c.user_name } : {}),
      text: c.data,
      timestamp: c.timestamp,
      receivedAt: Date.now(),
    };
    this.send(this.chatSubject, encoder.encode(JSON.stringify(message)), messageId, 'chat', receivedAt);
  }

  /** Events are rare: validated against the contract before they are queued. */
  event(fields: EventFields): void {
    this.onEvent?.(fields);
    const event: RtmsEvent = { v: 1, streamId: this.streamId, meetingUuid: this.meetingUuid, ...fields };
    const who =
      fields.userId ?? fields.participants?.map((p) => p.userId).join(',') ?? fields.sessionId ?? '';
    const digest = createHash('sha256')
      .update(`${fields.zoomType ?? ''}|${fields.state ?? ''}|${fields.stopReason ?? ''}|${who}`)
      .digest('hex')
      .slice(0, 16);
    const msgID = `${this.streamId}:event:${fields.kind}:${fields.timestamp}:${digest}`;
    this.send(this.eventSubject, encodeJson('event', this.eventSubject, event), msgID, 'event');
  }

  lifecycle(state: LifecycleState, reason?: string, stopReason?: number): void {
    const at = Date.now();
    const message: StreamLifecycle = {
      v: 1,
      streamId: this.streamId,
      meetingUuid: this.meetingUuid,
      state,
      ...(reason ? { reason } : {}),
      ...(stopReason === undefined
        ? {}
        : { stopReason, stopReasonText: describeStopReason(stopReason).text }),
      owner: this.owner,
      at,
    };
    this.lifecycleSeq += 1;
    const msgID = `${this.streamId}:lifecycle:${this.owner}:${at}:${this.lifecycleSeq}`;
    this.send(
      this.lifecycleSubject,
      encodeJson('lifecycle', this.lifecycleSubject, message),
      msgID,
      'lifecycle',
    );
  }
}
