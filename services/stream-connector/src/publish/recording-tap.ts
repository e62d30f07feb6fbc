import type { JetStreamClient } from '@nats-io/jetstream';
import {
  encodeJson,
  type RecordingMark,
  RecordingSubjects,
  recordingFrameId,
  recordingMarkId,
} from '@rtms/contracts';
import type { Logger } from 'pino';
import { type CoreBatch, type Prepared, prepareMediaHeaders } from './media-publisher.js';

// Recording on (RTMS_RECORDING): one stream's audio, video and screen share also go into RTMS_MEDIA, the
// replayable source of the media recorder (docs/media-recorder.md). Frames are core publishes in the same batch
// as their core copy (no per-frame ack round trip); JetStream stores them because the subject is in RTMS_MEDIA,
// and drops a repeat by its Nats-Msg-Id (contracts recordingFrameId). The start and end marks are acked
// JetStream publishes on the same connection, so the end mark is stored after the stream's last frame.

export interface RecordingTapOptions {
  batch: CoreBatch;
  js: JetStreamClient;
  streamId: string;
  meetingUuid: string;
  log: Logger;
}

type RecordedKind = 'audio' | 'video' | 'share';

export class RecordingTap {
  /** Header sets by kind and user (the format differs per kind). */
  private readonly byUser = new Map<string, Prepared>();
  private readonly subjects: Record<RecordedKind, string>;
  /**
   * Zoom's media time minus wall-clock time, the largest seen (the least delayed frame): the stream's media
   * time at a wall-clock instant, used for the end mark (Zoom sends nothing while no one speaks).
   */
  private clockOffset = Number.NEGATIVE_INFINITY;
  /** The largest media timestamp of a frame recorded. */
  private lastTimestamp = Number.NEGATIVE_INFINITY;
  /** Zoom's timestamp of the state update that ended the stream (TERMINATED / STOPPED), when one came. */
  private zoomStop: number | undefined;
  private started = false;
  private ended = false;

  constructor(private readonly o: RecordingTapOptions) {
    this.subjects = {
      audio: RecordingSubjects.audio(o.streamId),
      video: RecordingSubjects.video(o.streamId),
      share: RecordingSubjects.share(o.streamId),
    };
  }

  frame(
    kind: RecordedKind,
    userId: number,
    userName: string | undefined,
    timestamp: number,
    data: string,
    format: string,
  ): void {
    if (this.ended) return;
    const offset = timestamp - Date.now();
    if (offset > this.clockOffset) this.clockOffset = offset;
    if (timestamp > this.lastTimestamp) this.lastTimestamp = timestamp;
    const key = `${kind}:${userId}`;
    let prepared = this.byUser.get(key);
    if (!prepared) {
      if (this.byUser.size >= 256) this.byUser.clear();
      prepared = prepareMediaHeaders(userId, userName, format, this.o.meetingUuid);
      this.byUser.set(key, prepared);
    }
    // Video and share ids carry a hash of the payload (audio's do not): one H.264 picture's messages may share a
    // timestamp.
    const msgId = recordingFrameId(this.o.streamId, kind, userId, timestamp, data);
    this.o.batch.add(this.subjects[kind], prepared, timestamp, data, msgId);
  }

  /** Zoom's first packet timestamp (EVENT_UPDATE FIRST_PACKET_TIMESTAMP): where the recording starts. */
  start(timestamp: number): void {
    if (this.started) return;
    this.started = true;
    if (timestamp - Date.now() > this.clockOffset) this.clockOffset = timestamp - Date.now();
    this.mark('start', timestamp);
  }

  /**
   * Zoom's own time of the stop (the `timestamp` of STREAM_STATE_UPDATE TERMINATED or SESSION_STATE_UPDATE
   * STOPPED, docs/rtms-protocol.md): the end mark uses it, so a connector slow to handle the stop does not
   * lengthen the recording.
   */
  stoppedAt(timestamp: number): void {
    this.zoomStop = timestamp;
  }

  /** The stream stopped: the end mark, after every frame queued so far. */
  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.o.batch.flush();
    const now = Date.now();
    const estimate = Number.isFinite(this.clockOffset) ? now + this.clockOffset : now;
    // Zoom's stop time, when it is plausible in media time (not before the last frame, not after our estimate);
    // else our clock turned into media time with the offset frames showed (a stop by webhook has no time).
    const stop = this.zoomStop;
    const plausible = stop !== undefined && stop >= this.lastTimestamp && stop <= estimate;
    this.mark('end', plausible ? stop : estimate, reason);
  }

  private mark(kind: 'start' | 'end', timestamp: number, reason?: string): void {
    const subject = RecordingSubjects.mark(this.o.streamId);
    const mark: RecordingMark = {
      v: 1,
      streamId: this.o.streamId,
      meetingUuid: this.o.meetingUuid,
      kind,
      timestamp: Math.round(timestamp),
      at: Date.now(),
      ...(reason ? { reason } : {}),
    };
    this.o.js
      .publish(subject, encodeJson('recordingMark', subject, mark), {
        msgID: recordingMarkId(this.o.streamId, kind),
      })
      .catch((err: unknown) =>
        this.o.log.warn(
          { err, kind },
          'recording mark not stored; the recorder falls back on its idle timeout',
        ),
      );
  }
}
