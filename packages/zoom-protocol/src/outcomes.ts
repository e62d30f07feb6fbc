// Readable Zoom outcomes (docs/rtms-protocol.md §3.4, §3.10, §6): a name and a one-line meaning for every
// STOP_REASON, RTMS_STATUS_CODE and WebSocket close code the protocol defines. Logs, lifecycle events and the
// live page all use these, and docs/troubleshooting.md quotes them.
import { StopReason } from './enums.js';
import { type StatusCode, statusCodeName } from './status-codes.js';

/** One outcome: `text` is what logs and events show, e.g. `AUTHENTICATION_FAILURE (18): …`. */
export interface OutcomeDescription {
  code: number;
  name: string;
  meaning: string;
  text: string;
}

const STOP_MEANINGS: Readonly<Record<StopReason, string>> = {
  0: 'no reason given',
  1: 'the host stopped the stream',
  2: 'the app user stopped the stream',
  3: 'the app user left the meeting',
  4: 'the app user was removed from the meeting',
  5: 'the host turned the app off in the meeting',
  6: 'the meeting ended',
  7: 'the stream was canceled before it started',
  8: 'the stream was revoked (the app lost its permission)',
  9: 'every app was turned off in the meeting',
  10: 'Zoom had an internal error: a new start is needed',
  11: 'the connection to Zoom timed out: a new start is needed',
  12: 'the meeting connection was interrupted: a new start is needed',
  13: 'the signaling connection was interrupted: a new start is needed',
  14: 'the media connection was interrupted',
  15: 'the signaling connection closed abnormally: a new start is needed',
  16: 'a media connection closed abnormally: a new start is needed',
  17: 'Zoom sent an exit signal: a new start is needed',
  18: 'the handshake signature was refused (ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET of the RTMS app)',
  19: 'no reconnection within Zoom’s grace window: a new start is needed',
  20: 'the client asked Zoom to close the stream',
  21: 'the contact center customer disconnected',
  22: 'the contact center agent disconnected',
  23: 'an account admin turned the app off',
  24: 'keep-alives went unanswered: a new start is needed',
  25: 'stopped through the contact center API',
  26: 'streaming is not supported for this contact center engagement',
};

const STATUS_MEANINGS: Readonly<Record<StatusCode, string>> = {
  0: 'accepted',
  1: 'Zoom did not expect this message type',
  2: 'Zoom knows no such rtms_stream_id (stopped, or media opened before signaling)',
  3: 'the handshake signature is wrong: ZOOM_CLIENT_SECRET, or a client id of another app',
  4: 'the handshake message is malformed',
  5: 'the event subscription is malformed',
  6: 'an unknown event type was subscribed',
  7: 'the media type is not allowed (the app’s scopes)',
  8: 'another connection of this stream is still open (retried with backoff)',
  9: 'audio is not enabled for this app (scopes)',
  10: 'video is not enabled for this app (scopes)',
  11: 'screen share is not enabled for this app (scopes)',
  12: 'transcripts are not enabled for this app (scopes)',
  13: 'chat is not enabled for this app (scopes)',
  14: 'the media_type value is invalid',
  15: 'an `all` media socket and another media socket are both open (retried)',
  16: 'a media socket of this type is still open (retried)',
  17: 'media_params are invalid',
  18: 'audio params are invalid (RTMS_AUDIO_*)',
  19: 'audio content_type is invalid',
  20: 'audio sample_rate is invalid',
  21: 'audio channel is invalid (stereo needs Opus)',
  22: 'audio codec is invalid',
  23: 'audio data_opt is invalid',
  24: 'audio send_rate is invalid (a multiple of 20 ms)',
  25: 'video params are invalid (RTMS_VIDEO_*)',
  26: 'video content_type is invalid',
  27: 'video codec is invalid',
  28: 'video resolution is invalid',
  29: 'video data_opt is invalid',
  30: 'video fps is invalid (above 5 needs H.264)',
  31: 'screen share params are invalid (RTMS_SHARE_*)',
  32: 'screen share content_type is invalid',
  33: 'screen share codec is invalid',
  34: 'screen share resolution is invalid',
  35: 'screen share fps is invalid',
  36: 'transcript params are invalid (RTMS_TRANSCRIPT_*)',
  37: 'transcript content_type is invalid',
  38: 'chat params are invalid',
  39: 'chat content_type is invalid',
  40: 'Zoom knows no such RTMS session',
  41: 'CLIENT_READY_ACK was not expected',
  42: 'the event subscription was refused',
  43: 'the transcript source language is invalid',
  44: 'this participant’s video is already subscribed',
  45: 'Zoom had an internal error',
  46: 'the transcript target language is invalid',
  47: 'the chat session key is not available yet',
};

/** WebSocket close codes seen on RTMS sockets (RFC 6455; what Zoom sends with each is not documented). */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  NO_STATUS: 1005,
  ABNORMAL: 1006,
  POLICY_VIOLATION: 1008,
  INTERNAL_ERROR: 1011,
} as const;
type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

const CLOSE_MEANINGS: Readonly<Record<CloseCode, string>> = {
  1000: 'normal close: a stop, or Zoom ending a rejected handshake or unanswered keep-alives (see the status code or stop reason before it)',
  1001: 'going away: the peer shuts down, or the connector hands the stream to another replica',
  1005: 'closed without a close code',
  1006: 'connection dropped without a close frame (network, proxy, or Zoom interrupted the socket)',
  1008: 'policy violation: a handshake was refused or not sent in time',
  1011: 'the server hit an internal error',
};

const stopNames = new Map<number, string>(Object.entries(StopReason).map(([name, code]) => [code, name]));
const closeNames = new Map<number, string>(Object.entries(CloseCode).map(([name, code]) => [code, name]));

function outcome(code: number, name: string, meaning: string): OutcomeDescription {
  return { code, name, meaning, text: `${name} (${code}): ${meaning}` };
}

/** A STOP_REASON (`stop_reason` of `*.rtms_stopped`, stream/session state updates). */
export function describeStopReason(code: number): OutcomeDescription {
  const name = stopNames.get(code);
  if (name === undefined) return outcome(code, `UNKNOWN_${code}`, 'a stop reason this code does not know');
  return outcome(code, name, STOP_MEANINGS[code as StopReason]);
}

/** An RTMS_STATUS_CODE of a signaling or media handshake answer (compact numbering, §3.4). */
export function describeStatusCode(code: number): OutcomeDescription {
  const meaning = STATUS_MEANINGS[code as StatusCode];
  return outcome(code, statusCodeName(code), meaning ?? 'a status code this code does not know');
}

/** A WebSocket close code on a signaling or media socket. */
export function describeCloseCode(code: number): OutcomeDescription {
  const name = closeNames.get(code);
  if (name === undefined) return outcome(code, `CLOSE_${code}`, 'a close code this code does not know');
  return outcome(code, name, CLOSE_MEANINGS[code as CloseCode]);
}
