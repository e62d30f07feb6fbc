import type { MediaParams } from './media-params.js';

// Message shapes on the signaling and media sockets (docs/rtms-protocol.md §3, §4). TypeScript types only: these
// frames are built and read on hot paths. Validation at a boundary lives in handshake-schemas.ts; cheap
// accessors in frames.ts.

/** Instance id fields: meetings send meeting_uuid; see INSTANCE_ID_KEYS for the others. */
interface InstanceIdFields {
  meeting_uuid?: string;
  webinar_uuid?: string;
  session_id?: string;
  engagement_id?: string;
}

export interface SignalingHandshakeRequest extends InstanceIdFields {
  msg_type: 1;
  /** 1; omitted by older Zoom samples (servers tolerate that). */
  protocol_version?: number;
  /** Docs: must start at 1; samples send a random int or omit it. */
  sequence?: number;
  rtms_stream_id: string;
  signature: string;
  /** Default true: the server buffers up to 60 s of audio until connections are up. */
  buffer_data?: boolean;
}

export type ServerUrlMap = Partial<
  Record<'audio' | 'video' | 'sharescreen' | 'transcript' | 'chat' | 'all', string>
>;

export interface MediaHandshakeRequest extends InstanceIdFields {
  msg_type: 3;
  protocol_version?: number;
  sequence?: number;
  rtms_stream_id: string;
  signature: string;
  /** MEDIA_DATA_TYPE bitmask. */
  media_type: number;
  payload_encryption?: boolean;
  media_params?: Partial<{ [K in keyof MediaParams]: Partial<NonNullable<MediaParams[K]>> }>;
}

export interface ClientReadyAck {
  msg_type: 7;
  rtms_stream_id: string;
}

export interface StreamStateUpdate {
  msg_type: 8;
  state: number;
  reason: number;
  timestamp: number;
  rtms_stream_id?: string;
}

export interface SessionStateUpdate {
  msg_type: 9;
  state: number;
  /** The doc table names it `reason`, the example `stop_reason`; read both. */
  stop_reason?: number;
  reason?: number;
  timestamp: number;
  rtms_session_id: string;
}

export interface KeepAliveResponse {
  msg_type: 13;
  timestamp: number;
}

/** Audio (14), video (15) and share (16) content: `data` is base64; `user_name` absent for mixed audio. */
export interface BinaryMediaContent {
  user_id: number;
  user_name?: string;
  data: string;
  /** Raw (decoded) byte length; added 2026-04. */
  length?: number;
  timestamp: number;
}

/** Transcript (17) content: `data` is UTF-8 text, not base64. */
export interface TranscriptContent {
  user_id: number;
  user_name?: string;
  data: string;
  start_time: number;
  end_time: number;
  timestamp: number;
  language: number;
  /** RTMS_DATA_MESSAGE_ATTRIBUTE: 1 new, 2 update, 3 delete (revisions). */
  attribute?: number;
}

/** Chat (18) content; exact fields UNCERTAIN (`user_id`/`user_name` read by Zoom's library). */
export interface ChatContent {
  user_id?: number;
  user_name?: string;
  data: string;
  timestamp: number;
}
