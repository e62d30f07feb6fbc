import {
  type HandshakeIds,
  isDuplicateSignalReason,
  MediaHandshakeResponseSchema,
  type MediaParams,
  MsgType,
  mediaHandshake,
  SignalingHandshakeResponseSchema,
  StatusCode,
  signalingHandshake,
} from '@rtms/zoom-protocol';
import { HandshakeRejectedError } from '../errors.js';
import type { MediaSocketPlan } from '../media/media-plan.js';
import type { RtmsSocket } from './rtms-socket.js';

// The two handshakes of the chain (docs/rtms-protocol.md §3.1–3.3, §4.1–4.2), on an already open socket. Answers are
// validated with the protocol's schemas: this runs once per connection, never per frame.

/** Status codes after which retrying a media socket cannot help: its type or params are not acceptable. */
const PERMANENT_MEDIA = new Set<number>([
  StatusCode.INVALID_MEDIA_TYPE,
  StatusCode.MEDIA_TYPE_AUDIO_NOT_SUPPORT,
  StatusCode.MEDIA_TYPE_VIDEO_NOT_SUPPORT,
  StatusCode.MEDIA_TYPE_DESKSHARE_NOT_SUPPORT,
  StatusCode.MEDIA_TYPE_TRANSCRIPT_NOT_SUPPORT,
  StatusCode.MEDIA_TYPE_CHAT_NOT_SUPPORT,
  StatusCode.MEDIA_TYPE_INVALID_VALUE,
  StatusCode.INVALID_MEDIA_TRANSCRIPT_SOURCE_LANGUAGE,
  StatusCode.INVALID_MEDIA_TRANSCRIPT_TARGET_LANGUAGE,
]);
const isParamsError = (code: number) =>
  code >= StatusCode.INVALID_MEDIA_PARAMS && code <= StatusCode.INVALID_MEDIA_CHAT_CONTENT_TYPE;
const DUPLICATE_MEDIA = new Set<number>([
  StatusCode.MEDIA_DATA_ALL_CONNECTION_EXIST,
  StatusCode.DUPLICATE_MEDIA_DATA_CONNECTION,
]);

/** Signaling handshake (msg 1 → 2). Resolves with `media_server.server_urls`. */
export async function signalingHandshakeOn(
  socket: RtmsSocket,
  ids: HandshakeIds,
  bufferData: boolean,
): Promise<Record<string, unknown>> {
  const answer = await socket.request(
    signalingHandshake(ids, bufferData),
    (f) => f.msg_type === MsgType.SIGNALING_HAND_SHAKE_RESP,
  );
  const parsed = SignalingHandshakeResponseSchema.safeParse(answer);
  if (!parsed.success) {
    throw new HandshakeRejectedError(
      { role: 'signaling', statusCode: -1, reason: 'malformed handshake response' },
      {
        cause: parsed.error,
      },
    );
  }
  const { status_code: code, reason = '' } = parsed.data;
  if (code !== StatusCode.OK) {
    const duplicate = code === StatusCode.DUPLICATE_SIGNAL_REQUEST || isDuplicateSignalReason(reason);
    throw new HandshakeRejectedError({ role: 'signaling', statusCode: code, reason, duplicate });
  }
  return parsed.data.media_server?.server_urls ?? {};
}

/** Media handshake (msg 3 → 4). Resolves with the media params Zoom confirmed, when it echoed them. */
export async function mediaHandshakeOn(
  socket: RtmsSocket,
  ids: HandshakeIds,
  plan: MediaSocketPlan,
  /** Called the moment msg 4 arrives, before its verdict is known. */
  onAnswer: () => void = () => undefined,
): Promise<MediaParams | undefined> {
  const answer = await socket.request(mediaHandshake(ids, plan.mediaType, plan.mediaParams), (f) => {
    if (f.msg_type !== MsgType.DATA_HAND_SHAKE_RESP) return false;
    onAnswer();
    return true;
  });
  const role = `media:${plan.name}`;
  const parsed = MediaHandshakeResponseSchema.safeParse(answer);
  if (!parsed.success) {
    throw new HandshakeRejectedError(
      { role, statusCode: -1, reason: 'malformed handshake response' },
      {
        cause: parsed.error,
      },
    );
  }
  const { status_code: code, reason = '' } = parsed.data;
  if (code !== StatusCode.OK) {
    const permanent = PERMANENT_MEDIA.has(code) || isParamsError(code);
    throw new HandshakeRejectedError({
      role,
      statusCode: code,
      reason,
      duplicate: DUPLICATE_MEDIA.has(code),
      permanent,
    });
  }
  return parsed.data.media_params as MediaParams | undefined;
}
