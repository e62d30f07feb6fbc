import {
  Codec,
  type MediaKind,
  MediaKindFlag,
  MediaKinds,
  type MediaParams,
  MediaType,
  mediaTypeMask,
  SAMPLE_RATE_HZ,
  SERVER_URL_KEYS,
} from '@rtms/zoom-protocol';

// Which media sockets a stream opens, with what media_type and media_params, and to which server URL.

/** Media types as users name them in RTMS_MEDIA_TYPES (`share` is Zoom's `deskshare`). */
export const RequestedMediaTypes = ['audio', 'video', 'share', 'transcript', 'chat', 'all'] as const;
export type RequestedMediaType = (typeof RequestedMediaTypes)[number];

const WIRE_KIND: Readonly<Record<Exclude<RequestedMediaType, 'all'>, MediaKind>> = {
  audio: 'audio',
  video: 'video',
  share: 'deskshare',
  transcript: 'transcript',
  chat: 'chat',
};

/** The wire kinds named by RTMS_MEDIA_TYPES, in protocol order; `all` is every kind. */
export function wireKindsOf(requested: readonly RequestedMediaType[]): MediaKind[] {
  if (requested.includes('all')) return [...MediaKinds];
  const wanted = new Set(requested.map((r) => WIRE_KIND[r as Exclude<RequestedMediaType, 'all'>]));
  return MediaKinds.filter((k) => wanted.has(k));
}

export type SocketMode = 'split' | 'single';

export interface MediaSocketPlan {
  /** The socket's name in logs and metrics: its one kind, or `all`. */
  readonly name: MediaKind | 'all';
  readonly kinds: readonly MediaKind[];
  /** MEDIA_DATA_TYPE bitmask sent in the media handshake. */
  readonly mediaType: number;
  /** `media_server.server_urls` keys to try, in order. */
  readonly urlKeys: readonly string[];
  /** The media_params of this socket's kinds. */
  readonly mediaParams: MediaParams;
}

function paramsFor(kinds: readonly MediaKind[], params: MediaParams): MediaParams {
  const out: Record<string, unknown> = {};
  for (const k of kinds) if (params[k]) out[k] = params[k];
  return out as MediaParams;
}

/**
 * split: one socket per kind on its own URL (Zoom's library default), falling back to the `all` URL when the
 * handshake response has no key for the kind. single: one socket on the `all` URL with every kind's flag
 * OR-ed, or ALL (32) when every type was asked for.
 */
export function planMediaSockets(
  requested: readonly RequestedMediaType[],
  mode: SocketMode,
  params: MediaParams,
): MediaSocketPlan[] {
  const kinds = wireKindsOf(requested);
  if (mode === 'single') {
    return [
      {
        name: 'all',
        kinds,
        mediaType: requested.includes('all') ? MediaType.ALL : mediaTypeMask(kinds),
        urlKeys: [SERVER_URL_KEYS.all],
        mediaParams: paramsFor(kinds, params),
      },
    ];
  }
  return kinds.map((kind) => ({
    name: kind,
    kinds: [kind],
    mediaType: MediaKindFlag[kind],
    urlKeys: [SERVER_URL_KEYS[kind], SERVER_URL_KEYS.all],
    mediaParams: paramsFor([kind], params),
  }));
}

/** The URL a planned socket connects to, from the signaling handshake's `server_urls`; undefined if none. */
export function mediaUrlFor(
  plan: MediaSocketPlan,
  serverUrls: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  for (const key of plan.urlKeys) {
    const url = serverUrls?.[key];
    if (typeof url === 'string' && url.length > 0) return url;
  }
  return undefined;
}

/** The `Rtms-Format` header of a kind's frames: a MIME-like description of the bytes. */
export function mediaFormatOf(kind: 'audio' | 'video' | 'deskshare', params: MediaParams): string {
  if (kind === 'audio') {
    const a = params.audio;
    if (!a) return 'audio/L16;rate=16000;channels=1';
    const rate = SAMPLE_RATE_HZ[a.sample_rate as keyof typeof SAMPLE_RATE_HZ] ?? 16_000;
    const name =
      a.codec === Codec.OPUS
        ? 'opus'
        : a.codec === Codec.G711
          ? 'PCMA'
          : a.codec === Codec.G722
            ? 'G722'
            : 'L16';
    return `audio/${name};rate=${rate};channels=${a.channel}`;
  }
  const codec = (kind === 'video' ? params.video?.codec : params.deskshare?.codec) ?? Codec.JPG;
  return codec === Codec.H264 ? 'video/h264' : codec === Codec.PNG ? 'image/png' : 'image/jpeg';
}
