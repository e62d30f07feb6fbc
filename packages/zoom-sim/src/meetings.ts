import type { InstanceProduct } from '@rtms/contracts';
import { type MediaKind, MediaKinds, TranscriptLanguage } from '@rtms/zoom-protocol';
import type { SimContext } from './context.js';
import { DEMO_CHAT, DEMO_SCRIPT, DEMO_SPEAKERS } from './demo-script.js';
import { buildTimeline } from './media/timeline.js';
import type { ChatLine, Meeting, Speaker } from './model.js';
import { createPrng, ids } from './prng.js';
import { lifecycleEvent } from './webhooks/payloads.js';

/** What a meeting (webinar, Video SDK session) looks like; every field optional. */
export interface MeetingSpec {
  product?: InstanceProduct;
  /** Numeric meeting id; drawn from the seed when absent. */
  id?: string;
  /** Meeting UUID (session_id for sessions); drawn from the seed when absent. */
  uuid?: string;
  topic?: string;
  /**
   * Display names, or `{ name, userId, toneHz }` (toneHz: the sine tone of the speaker's audio, a multiple of
   * 50 Hz; drawn from the seed when absent). Default: two demo speakers.
   */
  speakers?: (string | { name: string; userId?: number; toneHz?: number })[];
  /** Sentences in order; `speaker` is an index or a name. Default: the demo conversation. */
  script?: { speaker: number | string; text: string; language?: number }[];
  /** Repeat the script for as long as the stream runs (default true). */
  loopScript?: boolean;
  /** Media the meeting produces (default: audio, video, transcript, chat; deskshare off). */
  media?: Partial<Record<MediaKind, boolean>>;
  /** Speaker sharing the screen when deskshare is on (default 0). */
  sharer?: number | string;
  /** Chat messages at media offsets. Default: two demo lines. */
  chat?: { atMs: number; speaker: number | string; text: string }[];
  /** Transcript segments come as NEW (partial) then UPDATE (final) (default true). */
  transcriptRevisions?: boolean;
  /** Mixed audio between sentences: `zeros` (default, frames of silence) or `none` (nothing, as Zoom). */
  silentAudio?: 'zeros' | 'none';
  /** Transcript language for lines without one (default 9, English). */
  language?: number;
  msPerWord?: number;
  /** End the meeting this long after it starts. */
  durationMs?: number;
  /** Start RTMS by itself (as if the app had called the REST start) instead of waiting for a call. */
  autoRtms?: boolean;
  /** Send meeting.started (default true). */
  announce?: boolean;
}

export class MeetingNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`meeting not found: '${key}'`);
    this.name = 'MeetingNotFoundError';
  }
}

const DEFAULT_MEDIA: Record<MediaKind, boolean> = {
  audio: true,
  video: true,
  deskshare: false,
  transcript: true,
  chat: true,
};
const TONES = [150, 200, 250, 300, 350, 400, 450, 500];

function speakerIndex(speakers: Speaker[], ref: number | string): number {
  if (typeof ref === 'number') return ref >= 0 && ref < speakers.length ? ref : 0;
  const i = speakers.findIndex((s) => s.userName === ref);
  return Math.max(i, 0);
}

/** Builds a meeting from a spec (ids from the seed), registers it and announces it; does not start RTMS. */
export function createMeeting(ctx: SimContext, spec: MeetingSpec = {}): Meeting {
  const ordinal = ctx.registry.nextMeetingOrdinal();
  const rng = createPrng(`${ctx.cfg.seed}:meeting:${ordinal}`);
  const product = spec.product ?? 'meeting';
  const userBase = 16_778_240 + rng.int(0, 4095) * 4096;
  const toneOffset = rng.int(0, TONES.length - 1);
  const speakers: Speaker[] = (spec.speakers ?? [...DEMO_SPEAKERS]).map((s, index) => {
    const named: { name: string; userId?: number; toneHz?: number } = typeof s === 'string' ? { name: s } : s;
    return {
      index,
      userId: named.userId ?? userBase + index * 1024,
      userName: named.name,
      toneHz: named.toneHz ?? TONES[(toneOffset + index) % TONES.length] ?? 200,
    };
  });
  const language = spec.language ?? TranscriptLanguage.ENGLISH;
  const lines = (spec.script ?? DEMO_SCRIPT).map((l) => ({
    speaker: speakerIndex(speakers, l.speaker),
    text: l.text,
    language: 'language' in l && typeof l.language === 'number' ? l.language : language,
  }));
  const timelineOptions = spec.msPerWord === undefined ? {} : { msPerWord: spec.msPerWord };
  const media = new Set(MediaKinds.filter((k) => spec.media?.[k] ?? DEFAULT_MEDIA[k]));
  const chat: ChatLine[] = (spec.chat ?? DEMO_CHAT).map((c) => ({
    ...c,
    speaker: speakerIndex(speakers, c.speaker),
  }));
  const id = spec.id ?? ids.meetingNumber(rng);
  const uuid = spec.uuid ?? ids.uuid(rng);
  const meeting: Meeting = {
    ordinal,
    product,
    id,
    uuid,
    sessionKey: product === 'session' ? `session-key-${ordinal}` : undefined,
    topic: spec.topic ?? `Simulated ${product} ${ordinal + 1}`,
    hostId: ids.userKey(rng),
    status: 'started',
    startedAt: ctx.now(),
    speakers,
    timeline: buildTimeline(lines, { ...timelineOptions, loop: spec.loopScript ?? true }),
    media,
    sharer: spec.sharer === undefined ? 0 : speakerIndex(speakers, spec.sharer),
    sharing: media.has('deskshare'),
    extraParticipants: [],
    chat,
    transcriptRevisions: spec.transcriptRevisions ?? true,
    silentAudio: spec.silentAudio ?? 'zeros',
    streams: [],
    rng,
    endTimer: undefined,
  };
  if (ctx.registry.meetings.has(id)) throw new Error(`meeting id ${id} already exists`);
  ctx.registry.addMeeting(meeting);
  if (spec.announce ?? true) {
    const ev = lifecycleEvent(meeting, 'started', ctx.cfg.accountId);
    ctx.webhooks.send(ev.event, ev.payload);
  }
  ctx.log.info({ meetingId: id, uuid, product, speakers: speakers.length }, 'meeting started');
  return meeting;
}

export function findMeetingOrThrow(ctx: SimContext, key: string): Meeting {
  const m = ctx.registry.findMeeting(key);
  if (!m) throw new MeetingNotFoundError(key);
  return m;
}
