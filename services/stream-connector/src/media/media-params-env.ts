import { env } from '@rtms/config';
import { AudioSampleRate, Codec, DataOption, type MediaKind, MediaResolution } from '@rtms/zoom-protocol';
import { z } from 'zod';

// Media params as environment variables. Each is optional: unset means the protocol default (audio L16,
// 16 kHz, mono, mixed, 20 ms; video JPG 5 fps HD; share JPG 1 fps FHD; transcript auto language). The values are
// checked against the protocol's rules with resolveMediaParams when the config loads.

const SAMPLE_RATES = {
  '8000': AudioSampleRate.SR_8K,
  '16000': AudioSampleRate.SR_16K,
  '32000': AudioSampleRate.SR_32K,
  '48000': AudioSampleRate.SR_48K,
} as const;
const AUDIO_CODECS = { l16: Codec.L16, g711: Codec.G711, g722: Codec.G722, opus: Codec.OPUS } as const;
const IMAGE_CODECS = { jpg: Codec.JPG, png: Codec.PNG, h264: Codec.H264 } as const;
const RESOLUTIONS = {
  sd: MediaResolution.SD,
  hd: MediaResolution.HD,
  fhd: MediaResolution.FHD,
  qhd: MediaResolution.QHD,
} as const;
const AUDIO_STREAMS = {
  mixed: DataOption.AUDIO_MIXED_STREAM,
  multi: DataOption.AUDIO_MULTI_STREAMS,
} as const;

const keysOf = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const optionalInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

const schema = {
  RTMS_AUDIO_SAMPLE_RATE: z
    .enum(keysOf(SAMPLE_RATES))
    .optional()
    .describe('audio sample rate in Hz: 8000, 16000, 32000 or 48000 (default 16000)'),
  RTMS_AUDIO_CODEC: z
    .enum(keysOf(AUDIO_CODECS))
    .optional()
    .describe('audio codec: l16 (raw PCM), g711, g722 or opus (default l16)'),
  RTMS_AUDIO_CHANNELS: optionalInt(1, 2).describe('audio channels: 1, or 2 with opus only (default 1)'),
  RTMS_AUDIO_STREAMS: z
    .enum(keysOf(AUDIO_STREAMS))
    .optional()
    .describe('mixed: one mixed audio stream (user id 0); multi: one per speaker (default mixed)'),
  RTMS_AUDIO_SEND_RATE_MS: optionalInt(20, 1000).describe(
    'audio per message in ms, a multiple of 20 up to 1000 (default 20)',
  ),
  RTMS_VIDEO_CODEC: z
    .enum(keysOf(IMAGE_CODECS))
    .optional()
    .describe('video codec: jpg or png (up to 5 fps) or h264 (default jpg)'),
  RTMS_VIDEO_RESOLUTION: z
    .enum(keysOf(RESOLUTIONS))
    .optional()
    .describe('video: sd, hd, fhd or qhd (default hd)'),
  RTMS_VIDEO_FPS: optionalInt(1, 30).describe('video frames per second, above 5 needs h264 (default 5)'),
  RTMS_SHARE_CODEC: z
    .enum(keysOf(IMAGE_CODECS))
    .optional()
    .describe('screen-share codec: jpg or png (1 fps) or h264 (default jpg)'),
  RTMS_SHARE_RESOLUTION: z
    .enum(keysOf(RESOLUTIONS))
    .optional()
    .describe('screen share: sd, hd, fhd or qhd (default fhd)'),
  RTMS_SHARE_FPS: optionalInt(1, 30).describe(
    'screen-share frames per second, above 1 needs h264 (default 1)',
  ),
  RTMS_TRANSCRIPT_LANGUAGE: optionalInt(-1, 36).describe(
    "transcript source language, Zoom's RTMS_TRANSCRIPT_LANGUAGE code: -1 auto, 9 English (default -1)",
  ),
  RTMS_TRANSCRIPT_LID: env.bool(true).describe('transcript language identification on (default true)'),
};

type Values = { [K in keyof typeof schema]?: z.infer<(typeof schema)[K]> };

function imageCodec(codec: keyof typeof IMAGE_CODECS | undefined, fps: number | undefined) {
  if (codec) return IMAGE_CODECS[codec];
  return fps === undefined ? undefined : Codec.JPG;
}

function toWire(v: Values): Record<string, Record<string, unknown>> {
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  return {
    audio: defined({
      sample_rate: v.RTMS_AUDIO_SAMPLE_RATE && SAMPLE_RATES[v.RTMS_AUDIO_SAMPLE_RATE],
      codec: v.RTMS_AUDIO_CODEC && AUDIO_CODECS[v.RTMS_AUDIO_CODEC],
      channel: v.RTMS_AUDIO_CHANNELS,
      data_opt: v.RTMS_AUDIO_STREAMS && AUDIO_STREAMS[v.RTMS_AUDIO_STREAMS],
      send_rate: v.RTMS_AUDIO_SEND_RATE_MS,
    }),
    video: defined({
      // An fps without a codec is checked against the default codec (the server would silently cap it).
      codec: imageCodec(v.RTMS_VIDEO_CODEC, v.RTMS_VIDEO_FPS),
      resolution: v.RTMS_VIDEO_RESOLUTION && RESOLUTIONS[v.RTMS_VIDEO_RESOLUTION],
      fps: v.RTMS_VIDEO_FPS,
    }),
    deskshare: defined({
      codec: imageCodec(v.RTMS_SHARE_CODEC, v.RTMS_SHARE_FPS),
      resolution: v.RTMS_SHARE_RESOLUTION && RESOLUTIONS[v.RTMS_SHARE_RESOLUTION],
      fps: v.RTMS_SHARE_FPS,
    }),
    transcript: defined({ src_language: v.RTMS_TRANSCRIPT_LANGUAGE, enable_lid: v.RTMS_TRANSCRIPT_LID }),
    chat: {},
  };
}

const PREFIX: Record<MediaKind, string> = {
  audio: 'RTMS_AUDIO',
  video: 'RTMS_VIDEO',
  deskshare: 'RTMS_SHARE',
  transcript: 'RTMS_TRANSCRIPT',
  chat: 'RTMS_CHAT',
};
const SUFFIX: Record<string, string> = {
  sample_rate: 'SAMPLE_RATE',
  codec: 'CODEC',
  channel: 'CHANNELS',
  data_opt: 'STREAMS',
  send_rate: 'SEND_RATE_MS',
  resolution: 'RESOLUTION',
  fps: 'FPS',
  lang: 'LANGUAGE',
  enable_lid: 'LID',
};

/** The variable a resolveMediaParams rejection of `kind` points at (its reason starts with the field). */
function variableFor(kind: MediaKind, reason: string): string {
  const fields = Object.keys(SUFFIX);
  const field = fields.find((f) => reason.startsWith(f)) ?? fields.find((f) => reason.includes(`${f} `));
  return field ? `${PREFIX[kind]}_${SUFFIX[field]}` : `${PREFIX[kind]}_*`;
}

export const requestedMediaParams = { schema, toWire, variableFor };
