import type { MediaHeaderValues } from '@rtms/contracts';
import { type AudioFormat, isRecordable } from './format.js';
import { AudioTrack } from './track.js';

// What the recorder knows of one stream while it records: the track, who spoke, how it ends.

export interface RecordingState {
  v: 1;
  streamId: string;
  meetingUuid: string;
  startTimestamp: number;
  format: AudioFormat;
  participants: { userId: string; userName?: string }[];
  final?: boolean;
}

export class StreamRecording {
  track: AudioTrack | undefined;
  /** Zoom's first packet timestamp, when its mark was read. */
  startMark: number | undefined;
  /** The stream stopped (end mark read): its last media time. */
  endMark: number | undefined;
  readonly participants = new Map<string, string | undefined>();
  /** Wall-clock time of the last message read for this stream (idle timeout). */
  lastSeen = Date.now();
  /** Bumped when state.json must be written again (start moved, a participant, final). */
  stateVersion = 1;
  /** The version stored in state.json (0: none yet). */
  storedVersion = 0;
  get stateStored(): boolean {
    return this.storedVersion === this.stateVersion;
  }
  final = false;
  finalising = false;
  meetingUuid = '';
  /** Format of a codec not written in step 1: frames are read and ignored (logged once). */
  unrecordable: string | undefined;
  /** Parts stored so far (restart: read from the bucket). */
  readonly parts: { name: string; start: number; end: number }[] = [];

  constructor(readonly streamId: string) {}

  /** The track, created at the first frame: sample 0 is the first packet (mark) or this frame. */
  trackFor(headers: MediaHeaderValues, format: AudioFormat): AudioTrack | undefined {
    if (this.track) return this.track;
    if (!isRecordable(format)) {
      this.unrecordable = `${format.codec} ${format.rate} Hz`;
      return undefined;
    }
    this.meetingUuid ||= headers.meetingUuid;
    this.track = new AudioTrack(format, this.startMark ?? headers.timestamp);
    return this.track;
  }

  /** The first packet's timestamp: sample 0, if nothing is stored yet. */
  start(timestamp: number): void {
    this.startMark ??= timestamp;
    if (this.track?.rebase(timestamp)) this.stateVersion += 1;
  }

  addParticipant(userId: string, userName: string | undefined): void {
    if (userId === '0' || (this.participants.has(userId) && this.participants.get(userId) === userName))
      return;
    this.participants.set(userId, userName);
    this.stateVersion += 1;
  }

  participantList(): RecordingState['participants'] {
    return [...this.participants].map(([userId, userName]) =>
      userName === undefined ? { userId } : { userId, userName },
    );
  }

  /** Back from state.json and the stored parts after a restart. */
  restore(state: RecordingState, parts: { name: string; start: number; end: number }[]): void {
    this.meetingUuid = state.meetingUuid;
    this.startMark = state.startTimestamp;
    this.final = state.final === true;
    for (const p of state.participants ?? []) this.participants.set(p.userId, p.userName);
    this.parts.push(...parts);
    const committed = parts.reduce((max, p) => Math.max(max, p.end), 0);
    this.track = new AudioTrack(state.format, state.startTimestamp, committed);
    this.storedVersion = this.stateVersion;
  }

  state(): RecordingState | undefined {
    const t = this.track;
    if (!t) return undefined;
    return {
      v: 1,
      streamId: this.streamId,
      meetingUuid: this.meetingUuid,
      startTimestamp: t.startTimestamp,
      format: t.format,
      participants: this.participantList(),
      ...(this.final ? { final: true } : {}),
    };
  }
}
