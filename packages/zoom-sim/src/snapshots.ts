import type { InstanceProduct } from '@rtms/contracts';
import type { MediaKind } from '@rtms/zoom-protocol';
import type { Meeting, Stream, StreamState, StreamStats } from './model.js';

// Read-only views of the simulator's state, returned by the library API and the control API.

export interface MeetingInfo {
  id: string;
  uuid: string;
  product: InstanceProduct;
  sessionKey: string | undefined;
  topic: string;
  hostId: string;
  status: 'started' | 'ended';
  speakers: { userId: number; userName: string }[];
  media: MediaKind[];
  streamIds: string[];
}

export interface StreamInfo {
  id: string;
  meetingId: string;
  /** The instance id signed in handshakes (meeting UUID, webinar UUID or session id). */
  instanceId: string;
  product: InstanceProduct;
  state: StreamState;
  serverId: number;
  serverUrls: string;
  signalingConnected: boolean;
  mediaSockets: { kinds: MediaKind[]; ready: boolean; all: boolean }[];
  subscribedEvents: number[];
  stopReason: number | undefined;
  framesSent: Record<MediaKind, number>;
  framesDropped: number;
  stats: StreamStats;
}

export function meetingInfo(m: Meeting): MeetingInfo {
  return {
    id: m.id,
    uuid: m.uuid,
    product: m.product,
    sessionKey: m.sessionKey,
    topic: m.topic,
    hostId: m.hostId,
    status: m.status,
    speakers: m.speakers.map((s) => ({ userId: s.userId, userName: s.userName })),
    media: [...m.media],
    streamIds: m.streams.map((s) => s.id),
  };
}

export function streamInfo(s: Stream, serverUrls: string): StreamInfo {
  return {
    id: s.id,
    meetingId: s.meeting.id,
    instanceId: s.meeting.uuid,
    product: s.meeting.product,
    state: s.state,
    serverId: s.serverId,
    serverUrls,
    signalingConnected: s.signaling !== undefined,
    mediaSockets: [...s.media].map((m) => ({ kinds: [...m.kinds], ready: m.ready, all: m.isAll })),
    subscribedEvents: [...s.subscribed],
    stopReason: s.stopReason,
    framesSent: { ...s.framesSent },
    framesDropped: s.framesDropped,
    stats: { ...s.stats },
  };
}
