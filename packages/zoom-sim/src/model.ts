import type { InstanceProduct } from '@rtms/contracts';
import type { MediaKind, MediaParams } from '@rtms/zoom-protocol';
import type { WebSocket } from 'ws';
import type { Timeline } from './media/timeline.js';
import type { Prng } from './prng.js';

// The simulator's in-memory world: meetings (webinars, Video SDK sessions), their RTMS streams and the
// sockets attached to them. Plain data; behaviour lives in lifecycle.ts and rtms/.

export interface Speaker {
  index: number;
  userId: number;
  userName: string;
  /** Tone of this speaker's audio (a sine wave); a multiple of 50 Hz so every 20 ms frame is whole cycles. */
  toneHz: number;
}

export interface ChatLine {
  atMs: number;
  speaker: number;
  text: string;
}

type MeetingStatus = 'started' | 'ended';

export interface Meeting {
  ordinal: number;
  product: InstanceProduct;
  /** Numeric meeting id (REST path), as a string. Video SDK sessions use `uuid` as session_id. */
  id: string;
  uuid: string;
  /** Video SDK only. */
  sessionKey: string | undefined;
  topic: string;
  hostId: string;
  status: MeetingStatus;
  startedAt: number;
  speakers: Speaker[];
  timeline: Timeline;
  media: Set<MediaKind>;
  /** Index of the speaker sharing the screen. */
  sharer: number;
  /** Whether a screen share is on (deskshare frames flow only then). */
  sharing: boolean;
  /** Participants besides the speakers (join/leave from the control API); silent. */
  extraParticipants: { userId: number; userName: string }[];
  chat: ChatLine[];
  transcriptRevisions: boolean;
  /**
   * Mixed audio between sentences: `zeros` sends frames of silence (steady 50 frames/s, what the benchmarks
   * count), `none` sends nothing while no one speaks, as Zoom does (a recorder must fill the gaps).
   */
  silentAudio: 'zeros' | 'none';
  streams: Stream[];
  rng: Prng;
  endTimer: NodeJS.Timeout | undefined;
}

export type StreamState = 'starting' | 'active' | 'paused' | 'interrupted' | 'stopped';

interface MediaCursors {
  /** In 20 ms audio frames. */
  audio: number;
  /** Media offset (ms) of the next video frame. */
  video: number;
  /** Media offset (ms) of the next share frame. */
  deskshare: number;
  /** In transcript emissions (two per segment with revisions). */
  transcript: number;
  chat: number;
  /** Timeline segment of the last ACTIVE_SPEAKER_CHANGE sent. */
  speakerSegment: number;
}

export interface Stream {
  id: string;
  ordinal: number;
  meeting: Meeting;
  rng: Prng;
  sessionId: string;
  operatorId: string;
  state: StreamState;
  /** Incremented by failover; the server_urls and socket paths carry it. */
  serverId: number;
  signaling: Conn | undefined;
  media: Set<MediaConn>;
  bufferData: boolean;
  subscribed: Set<number>;
  /** Set at the first CLIENT_READY_ACK: wall time and the timestamp base of media offset 0. */
  clock: { wallT0: number; tsBase: number } | undefined;
  cursors: MediaCursors;
  /** user_id subscribed with VIDEO_SUBSCRIPTION_REQ (for video data_opt 4). */
  videoSubscription: number | undefined;
  /** When paused, the wall time it paused at. */
  pausedAt: number | undefined;
  /** Server stops sending anything (hung server) when true. */
  frozen: boolean;
  graceTimer: NodeJS.Timeout | undefined;
  stopReason: number | undefined;
  createdAt: number;
  framesSent: Record<MediaKind, number>;
  framesDropped: number;
  stats: StreamStats;
}

/** What the client did with the stream, for tests of a connector's conduct. */
export interface StreamStats {
  signalingHandshakes: number;
  /** Successful media handshakes (answered with msg 4 or, without answers, accepted). */
  mediaHandshakes: number;
  /** CLIENT_READY_ACKs received for the stream. */
  readyAcks: number;
  keepAlivesSent: number;
  keepAlivesAnswered: number;
  /** Sockets of the stream closed, by either side, while it was not stopped. */
  closesBeforeStop: number;
  /** Handshakes (signaling or media) attempted after the stream stopped. */
  handshakesAfterStop: number;
}

export type ConnRole = 'signaling' | 'media';

export interface Conn {
  id: number;
  role: ConnRole;
  ws: WebSocket;
  serverId: number;
  stream: Stream | undefined;
  handshaken: boolean;
  openedAt: number;
  /** Timestamps of keep-alive requests not answered yet (undefined for one sent without). */
  outstanding: unknown[];
  lastDataAt: number;
  closed: boolean;
}

export interface MediaConn extends Conn {
  role: 'media';
  /** The socket's path kind (`audio`, …, `all`); informational, the handshake's media_type decides. */
  pathKind: string;
  kinds: MediaKind[];
  isAll: boolean;
  params: MediaParams;
  ready: boolean;
}
