import {
  AudioChannel,
  AudioSampleRate,
  Codec,
  DataOption,
  MediaContentType,
  type MediaKind,
  MediaResolution,
} from './enums.js';
import { StatusCode } from './status-codes.js';

// media_params of the media handshake (docs/rtms-protocol.md §4.1): shapes, documented wire defaults, and the
// documented constraints as a resolver that yields the effective params (echoed in msg 4) or a status code.

export interface AudioParams {
  content_type: number;
  sample_rate: number;
  channel: number;
  codec: number;
  data_opt: number;
  /** Milliseconds of audio per message: a multiple of 20, at most 1000 (larger values are clamped). */
  send_rate: number;
}
interface VideoParams {
  content_type: number;
  codec: number;
  resolution: number;
  data_opt: number;
  fps: number;
}
interface DeskshareParams {
  content_type: number;
  codec: number;
  resolution: number;
  fps: number;
}
interface TranscriptParams {
  content_type: number;
  /** RTMS_TRANSCRIPT_LANGUAGE, -1 = none/auto. */
  src_language: number;
  enable_lid: boolean;
}
interface ChatParams {
  content_type: number;
}
export interface MediaParams {
  audio?: AudioParams;
  video?: VideoParams;
  deskshare?: DeskshareParams;
  transcript?: TranscriptParams;
  chat?: ChatParams;
}

/** The WebSocket defaults from the docs: L16/16 kHz/mono/mixed/20 ms; JPG 5 fps HD; share JPG 1 fps FHD. */
export const DEFAULT_MEDIA_PARAMS: Required<MediaParams> = {
  audio: {
    content_type: MediaContentType.RAW_AUDIO,
    sample_rate: AudioSampleRate.SR_16K,
    channel: AudioChannel.MONO,
    codec: Codec.L16,
    data_opt: DataOption.AUDIO_MIXED_STREAM,
    send_rate: 20,
  },
  video: {
    content_type: MediaContentType.RAW_VIDEO,
    codec: Codec.JPG,
    resolution: MediaResolution.HD,
    data_opt: DataOption.VIDEO_SINGLE_ACTIVE_STREAM,
    fps: 5,
  },
  deskshare: {
    content_type: MediaContentType.RAW_VIDEO,
    codec: Codec.JPG,
    resolution: MediaResolution.FHD,
    fps: 1,
  },
  transcript: { content_type: MediaContentType.TEXT, src_language: -1, enable_lid: true },
  chat: { content_type: MediaContentType.TEXT },
};

const MAX_SEND_RATE_MS = 1000;
const MAX_VIDEO_FPS = 30;
/** JPG/PNG are allowed up to this fps for video; above it H.264 (§4.1). */
const MAX_IMAGE_VIDEO_FPS = 5;
/** JPG/PNG are allowed up to this fps for deskshare; above it H.264. */
const MAX_IMAGE_SHARE_FPS = 1;

export type MediaParamsResult =
  | { ok: true; params: MediaParams }
  | { ok: false; status: StatusCode; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

class Reject {
  constructor(
    readonly status: StatusCode,
    readonly reason: string,
  ) {}
}

function pickInt(o: Obj, key: string, fallback: number, allowed: (n: number) => boolean, status: StatusCode) {
  const v = o[key];
  if (v === undefined) return fallback;
  if (!isInt(v) || !allowed(v)) throw new Reject(status, `${key} ${JSON.stringify(v)} is not allowed`);
  return v;
}

function audio(raw: Obj): AudioParams {
  const d = DEFAULT_MEDIA_PARAMS.audio;
  const s = StatusCode;
  const content_type = pickInt(
    raw,
    'content_type',
    d.content_type,
    (n) => n === 1 || n === 2,
    s.INVALID_MEDIA_AUDIO_CONTENT_TYPE,
  );
  const sample_rate = pickInt(
    raw,
    'sample_rate',
    d.sample_rate,
    (n) => n >= 0 && n <= 3,
    s.INVALID_MEDIA_AUDIO_SAMPLE_RATE,
  );
  const codec = pickInt(raw, 'codec', d.codec, (n) => n >= 1 && n <= 4, s.INVALID_MEDIA_AUDIO_CODEC);
  const channel = pickInt(
    raw,
    'channel',
    d.channel,
    (n) => n === 1 || (n === 2 && codec === Codec.OPUS),
    s.INVALID_MEDIA_AUDIO_CHANNEL,
  );
  const data_opt = pickInt(
    raw,
    'data_opt',
    d.data_opt,
    (n) => n === 1 || n === 2,
    s.INVALID_MEDIA_AUDIO_DATA_OPT,
  );
  const rate = pickInt(
    raw,
    'send_rate',
    d.send_rate,
    (n) => n > 0 && n % 20 === 0,
    s.INVALID_MEDIA_AUDIO_SEND_RATE,
  );
  return { content_type, sample_rate, channel, codec, data_opt, send_rate: Math.min(rate, MAX_SEND_RATE_MS) };
}

/** Codec/fps rule: JPG/PNG up to `imageFps`, H.264 above; fps above it without a codec falls back to JPG@max. */
function codecAndFps(
  raw: Obj,
  fallbackCodec: number,
  fallbackFps: number,
  imageFps: number,
  codecStatus: StatusCode,
  fpsStatus: StatusCode,
) {
  let fps = pickInt(raw, 'fps', fallbackFps, (n) => n >= 1 && n <= MAX_VIDEO_FPS, fpsStatus);
  if (raw.codec === undefined) {
    if (fps > imageFps) fps = imageFps;
    return { codec: fallbackCodec, fps };
  }
  const codec = pickInt(raw, 'codec', fallbackCodec, (n) => n >= Codec.JPG && n <= Codec.H264, codecStatus);
  if (codec !== Codec.H264 && fps > imageFps) throw new Reject(fpsStatus, `fps ${fps} needs codec H264`);
  return { codec, fps };
}

function video(raw: Obj): VideoParams {
  const d = DEFAULT_MEDIA_PARAMS.video;
  const s = StatusCode;
  pickInt(raw, 'content_type', d.content_type, (n) => n === 3, s.INVALID_MEDIA_VIDEO_CONTENT_TYPE);
  const resolution = pickInt(
    raw,
    'resolution',
    d.resolution,
    (n) => n >= 1 && n <= 4,
    s.INVALID_MEDIA_VIDEO_RESOLUTION,
  );
  const data_opt = pickInt(
    raw,
    'data_opt',
    d.data_opt,
    (n) => n >= 3 && n <= 5,
    s.INVALID_MEDIA_VIDEO_DATA_OPT,
  );
  const cf = codecAndFps(
    raw,
    d.codec,
    d.fps,
    MAX_IMAGE_VIDEO_FPS,
    s.INVALID_MEDIA_VIDEO_CODEC,
    s.INVALID_MEDIA_VIDEO_FPS,
  );
  return { content_type: d.content_type, codec: cf.codec, resolution, data_opt, fps: cf.fps };
}

function deskshare(raw: Obj): DeskshareParams {
  const d = DEFAULT_MEDIA_PARAMS.deskshare;
  const s = StatusCode;
  pickInt(raw, 'content_type', d.content_type, (n) => n === 3, s.INVALID_MEDIA_DESKSHARE_CONTENT_TYPE);
  const resolution = pickInt(
    raw,
    'resolution',
    d.resolution,
    (n) => n >= 1 && n <= 4,
    s.INVALID_MEDIA_DESKSHARE_RESOLUTION,
  );
  const cf = codecAndFps(
    raw,
    d.codec,
    d.fps,
    MAX_IMAGE_SHARE_FPS,
    s.INVALID_MEDIA_DESKSHARE_CODEC,
    s.INVALID_MEDIA_DESKSHARE_FPS,
  );
  return { content_type: d.content_type, codec: cf.codec, resolution, fps: cf.fps };
}

function transcript(raw: Obj): TranscriptParams {
  const d = DEFAULT_MEDIA_PARAMS.transcript;
  const s = StatusCode;
  pickInt(raw, 'content_type', d.content_type, (n) => n === 5, s.INVALID_MEDIA_TRANSCRIPT_CONTENT_TYPE);
  // rtms-samples send `language`; the docs name it `src_language` (preferred).
  const lang = raw.src_language ?? raw.language;
  const src_language = pickInt(
    { lang },
    'lang',
    d.src_language,
    (n) => n >= -1 && n <= 36,
    s.INVALID_MEDIA_TRANSCRIPT_SOURCE_LANGUAGE,
  );
  const lid = raw.enable_lid;
  if (lid !== undefined && typeof lid !== 'boolean')
    throw new Reject(s.INVALID_MEDIA_TRANSCRIPT_PARAMS, 'enable_lid must be a boolean');
  return { content_type: d.content_type, src_language, enable_lid: lid ?? d.enable_lid };
}

function chat(raw: Obj): ChatParams {
  pickInt(
    raw,
    'content_type',
    MediaContentType.TEXT,
    (n) => n === 5,
    StatusCode.INVALID_MEDIA_CHAT_CONTENT_TYPE,
  );
  return { content_type: MediaContentType.TEXT };
}

const resolvers = { audio, video, deskshare, transcript, chat } as const;
const paramsStatus: Readonly<Record<MediaKind, StatusCode>> = {
  audio: StatusCode.INVALID_MEDIA_AUDIO_PARAMS,
  video: StatusCode.INVALID_MEDIA_VIDEO_PARAMS,
  deskshare: StatusCode.INVALID_MEDIA_DESKSHARE_PARAMS,
  transcript: StatusCode.INVALID_MEDIA_TRANSCRIPT_PARAMS,
  chat: StatusCode.INVALID_MEDIA_CHAT_PARAMS,
};

/**
 * Applies defaults and the documented constraints to requested `media_params` for the given kinds. Returns
 * the effective params (what msg 4 echoes) or the status code of the first violation. Params of kinds not
 * requested are ignored.
 */
export function resolveMediaParams(requested: unknown, kinds: readonly MediaKind[]): MediaParamsResult {
  if (requested !== undefined && requested !== null && !isObj(requested)) {
    return { ok: false, status: StatusCode.INVALID_MEDIA_PARAMS, reason: 'media_params must be an object' };
  }
  const req: Obj = requested ?? {};
  const params: MediaParams = {};
  try {
    for (const kind of kinds) {
      const raw = req[kind];
      if (raw !== undefined && raw !== null && !isObj(raw))
        throw new Reject(paramsStatus[kind], `${kind} params must be an object`);
      (params as Record<MediaKind, unknown>)[kind] = resolvers[kind](raw ?? {});
    }
  } catch (err) {
    if (err instanceof Reject) return { ok: false, status: err.status, reason: err.reason };
    throw err;
  }
  return { ok: true, params };
}
