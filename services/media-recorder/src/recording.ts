import { createHash } from 'node:crypto';
import type { MediaHeaderValues } from '@rtms/contracts';
import { FrameDecoders } from './audio-decoders.js';
import { type AudioFormat, isRecordable } from './format.js';
import type { ImageKind, StoredImagePart } from './store.js';
import { AudioTrack } from './track.js';
import { ImageTrack } from './video/image-track.js';

// What the recorder knows of one stream while it records: the mixed track, one track per speaker when audio
// is per participant (frames with a user id; `data_opt` 2, AUDIO_MULTI_STREAMS, docs/rtms-protocol.md —
// mixed audio has user id 0), who spoke, how it ends. Every track starts at the same sample 0, so the
// speakers' files line up with the mixed one.

interface TrackPart {
  name: string;
  start: number;
  end: number;
}

/** One speaker's own track (audio per participant). */
export interface SpeakerTrack {
  userId: string;
  /** The user id as it appears in object names (`parts/u-<key>/`, `audio-<key>.wav`). */
  key: string;
  track: AudioTrack;
  parts: TrackPart[];
}

/** A user id safe in an object name: itself when it is letters, digits, - and _, else a hash of it. */
export const speakerKey = (userId: string) =>
  /^[A-Za-z0-9_-]{1,64}$/.test(userId)
    ? userId
    : createHash('sha256').update(userId).digest('hex').slice(0, 16);

/** A video or share track: its frames, and its parts stored so far. */
export interface ImageTrackState {
  track: ImageTrack;
  parts: StoredImagePart[];
}

export interface RecordingState {
  v: 1;
  streamId: string;
  meetingUuid: string;
  /** Media time of the recording's start: audio sample 0 (first packet, else first frame). */
  startTimestamp: number;
  /** The audio format; absent when only video or share was recorded so far. */
  format?: AudioFormat;
  /** Formats of the video and share tracks recorded. */
  images?: Partial<Record<ImageKind, string>>;
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
  /** The decoders of coded audio, one per source user (G.722 and Opus are stateful). */
  readonly decoders = new FrameDecoders();
  /** Format of an audio codec not written: frames are read and ignored (logged once). */
  unrecordable: string | undefined;
  /**
   * Warnings given once per recording: `<kind>`, video or share frames not recorded (format); `<kind>:conflict`,
   * a second, different image at a timestamp (frames.ts).
   */
  readonly warned = new Set<string>();
  /** Parts of the mixed track stored so far (restart: read from the bucket). */
  readonly parts: TrackPart[] = [];
  /** Per-speaker tracks by key, in the order the speakers were first heard. */
  readonly speakers = new Map<string, SpeakerTrack>();
  /** Video and screen-share tracks. */
  readonly images = new Map<ImageKind, ImageTrackState>();
  /** The first image frame's timestamp: the start of a recording without audio or a start mark. */
  private firstImageAt: number | undefined;

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

  /** A video or share track, created at its first frame (its format is then kept in state.json). */
  imageTrack(kind: ImageKind, format: string, headers: MediaHeaderValues): ImageTrack {
    this.meetingUuid ||= headers.meetingUuid;
    if (this.firstImageAt === undefined || headers.timestamp < this.firstImageAt)
      this.firstImageAt = headers.timestamp;
    let state = this.images.get(kind);
    if (!state) {
      state = { track: new ImageTrack(format), parts: [] };
      this.images.set(kind, state);
      this.stateVersion += 1;
    }
    return state.track;
  }

  /** Media time of the recording's start: audio sample 0, else the first packet, else the first image. */
  startTimestamp(): number | undefined {
    return this.track?.startTimestamp ?? this.startMark ?? this.firstImageAt;
  }

  /** The speaker's own track (created at their first frame); none for mixed audio (user id 0). */
  speakerTrack(userId: string): SpeakerTrack | undefined {
    const t = this.track;
    if (!t || userId === '0') return undefined;
    const key = speakerKey(userId);
    let speaker = this.speakers.get(key);
    if (!speaker) {
      speaker = { userId, key, track: new AudioTrack(t.format, t.startTimestamp), parts: [] };
      this.speakers.set(key, speaker);
    }
    return speaker;
  }

  /** The first packet's timestamp: sample 0, if nothing is stored yet. */
  start(timestamp: number): void {
    this.startMark ??= timestamp;
    if (this.track?.rebase(timestamp)) this.stateVersion += 1;
    for (const s of this.speakers.values()) s.track.rebase(timestamp);
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
  restore(
    state: RecordingState,
    parts: (TrackPart & { speaker?: string })[],
    imageParts: StoredImagePart[] = [],
  ): void {
    this.meetingUuid = state.meetingUuid;
    this.startMark = state.startTimestamp;
    this.final = state.final === true;
    for (const p of state.participants ?? []) this.participants.set(p.userId, p.userName);
    const committed = (list: TrackPart[]) => list.reduce((max, p) => Math.max(max, p.end), 0);
    const mixed = parts
      .filter((p) => p.speaker === undefined)
      .map(({ name, start, end }) => ({ name, start, end }));
    this.parts.push(...mixed);
    const format = state.format;
    this.track = format && new AudioTrack(format, state.startTimestamp, committed(mixed));
    for (const [kind, imageFormat] of Object.entries(state.images ?? {}) as [ImageKind, string][]) {
      const own = imageParts.filter((p) => p.kind === kind);
      const last = own.reduce((max, p) => Math.max(max, p.last), Number.NEGATIVE_INFINITY);
      this.images.set(kind, { track: new ImageTrack(imageFormat, last), parts: own });
    }
    // A speaker's stored parts bring their track back; a speaker with none starts again from nothing stored.
    const userIds = new Map((state.participants ?? []).map((p) => [speakerKey(p.userId), p.userId]));
    for (const part of parts) {
      if (part.speaker === undefined || !this.track) continue;
      let speaker = this.speakers.get(part.speaker);
      if (!speaker) {
        const userId = userIds.get(part.speaker) ?? part.speaker;
        speaker = { userId, key: part.speaker, track: this.track, parts: [] };
        this.speakers.set(part.speaker, speaker);
      }
      speaker.parts.push({ name: part.name, start: part.start, end: part.end });
    }
    for (const speaker of this.speakers.values())
      if (format) speaker.track = new AudioTrack(format, state.startTimestamp, committed(speaker.parts));
    this.storedVersion = this.stateVersion;
  }

  state(): RecordingState | undefined {
    const t = this.track;
    const startTimestamp = this.startTimestamp();
    if ((!t && this.images.size === 0) || startTimestamp === undefined) return undefined;
    const images = Object.fromEntries([...this.images].map(([kind, i]) => [kind, i.track.format]));
    return {
      v: 1,
      streamId: this.streamId,
      meetingUuid: this.meetingUuid,
      startTimestamp,
      ...(t ? { format: t.format } : {}),
      ...(this.images.size ? { images } : {}),
      participants: this.participantList(),
      ...(this.final ? { final: true } : {}),
    };
  }
}
