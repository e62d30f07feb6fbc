import type { JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  Buckets,
  lastToken,
  StreamLease,
  StreamLifecycle,
  StreamRegistryEntry,
  Streams,
  SubjectPatterns,
  Subjects,
} from '@rtms/contracts';
import { TopologyMissingError } from '../errors.js';

/** The binary media a connector publishes per stream, on core NATS subjects (`rtms.<kind>.<streamId>`). */
const MEDIA_SUBJECTS = {
  audio: SubjectPatterns.audio,
  video: SubjectPatterns.video,
  share: SubjectPatterns.share,
};
export type MediaKind = keyof typeof MEDIA_SUBJECTS;

// What `rtms streams` shows, read from the system's own records: the stream registry (KV rtms-streams), the
// ownership leases (KV rtms-leases), each stream's last lifecycle message (RTMS_EVENTS) and what JetStream
// holds for it (segments in RTMS_TRANSCRIPTS, messages in RTMS_CHAT), plus media frames/s counted on the
// core media subjects while the snapshot is taken.

export interface StreamRow {
  streamId: string;
  instanceKind: string;
  instanceId: string;
  /** active / stopped (the registry), refined by the connector's last lifecycle state while active. */
  state: string;
  /** The connector replica holding the lease, if any. */
  owner: string | null;
  /** Epoch ms of the rtms_started in use (registry generation), else the registry's last update. */
  startedAt: number;
  stoppedAt: number | null;
  stopReason: string | null;
  transcriptSegments: number;
  chatMessages: number;
  /** Frames per second per media kind seen during the sample (absent kinds: none seen). */
  framesPerSecond: Partial<Record<MediaKind, number>>;
}

async function openBucket(kvm: Kvm, name: string): Promise<KV | undefined> {
  try {
    const kv = await kvm.open(name);
    await kv.status(); // open() does not check that the bucket exists
    return kv;
  } catch {
    return undefined;
  }
}

/**
 * A bucket's live entries. Its keys come from its stream's subjects (one stream info request), not from
 * kv.keys(): that makes an ordered consumer which, when a key it counted expires before delivery (leases
 * have a TTL), waits up to 30 s for a heartbeat.
 */
async function entries<T>(
  jsm: JetStreamManager,
  bucket: string,
  kv: KV | undefined,
  parse: (v: unknown) => T | undefined,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  if (!kv) return out;
  const prefix = `$KV.${bucket}.`;
  const info = await jsm.streams.info(`KV_${bucket}`, { subjects_filter: `${prefix}>` });
  const keys = Object.keys(info.state.subjects ?? {}).map((s) => s.slice(prefix.length));
  await Promise.all(
    keys.map(async (key) => {
      const entry = await kv.get(key);
      if (entry?.operation !== 'PUT') return;
      const value = parse(safeJson(entry.string()));
      if (value !== undefined) out.set(key, value);
    }),
  );
  return out;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Per-subject message counts of a stream, keyed by the subject's last token (the stream id). */
async function countsBySubject(
  jsm: JetStreamManager,
  stream: string,
  filter: string,
): Promise<Map<string, number>> {
  try {
    const info = await jsm.streams.info(stream, { subjects_filter: filter });
    return new Map(Object.entries(info.state.subjects ?? {}).map(([s, n]) => [lastToken(s), n]));
  } catch {
    return new Map();
  }
}

async function lastLifecycle(jsm: JetStreamManager, streamId: string): Promise<StreamLifecycle | undefined> {
  const msg = await jsm.streams
    .getMessage(Streams.events, { last_by_subj: Subjects.lifecycle(streamId) })
    .catch(() => null);
  const parsed = msg ? StreamLifecycle.safeParse(safeJson(msg.string())) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

/** Counts media frames per stream and kind on the core subjects until `stop()`. */
export function mediaSampler(nc: NatsConnection) {
  const started = performance.now();
  const counts = new Map<string, Partial<Record<MediaKind, number>>>();
  const subs = Object.entries(MEDIA_SUBJECTS).map(([kind, subject]) =>
    nc.subscribe(subject, {
      callback: (_err, msg) => {
        const id = lastToken(msg.subject);
        const perKind = counts.get(id) ?? {};
        perKind[kind as MediaKind] = (perKind[kind as MediaKind] ?? 0) + 1;
        counts.set(id, perKind);
      },
    }),
  );
  return {
    stop(): Map<string, Partial<Record<MediaKind, number>>> {
      for (const sub of subs) sub.unsubscribe();
      const seconds = Math.max(0.001, (performance.now() - started) / 1000);
      const rates = new Map<string, Partial<Record<MediaKind, number>>>();
      for (const [id, perKind] of counts)
        rates.set(
          id,
          Object.fromEntries(
            Object.entries(perKind).map(([k, n]) => [k, Math.round(((n ?? 0) / seconds) * 10) / 10]),
          ),
        );
      return rates;
    },
  };
}

export async function streamsSnapshot(
  nc: NatsConnection,
  jsm: JetStreamManager,
  rates: Map<string, Partial<Record<MediaKind, number>>>,
): Promise<StreamRow[]> {
  const kvm = new Kvm(nc);
  const registryBucket = await openBucket(kvm, Buckets.streams);
  if (!registryBucket) throw new TopologyMissingError(`KV bucket ${Buckets.streams}`);
  const [registry, leases, segments, chat] = await Promise.all([
    Promise.resolve(registryBucket).then((kv) =>
      entries(jsm, Buckets.streams, kv, (v) => {
        const p = StreamRegistryEntry.safeParse(v);
        return p.success ? p.data : undefined;
      }),
    ),
    openBucket(kvm, Buckets.leases).then((kv) =>
      entries(jsm, Buckets.leases, kv, (v) => {
        const p = StreamLease.safeParse(v);
        return p.success ? p.data : undefined;
      }),
    ),
    countsBySubject(jsm, Streams.transcripts, 'rtms.transcript.*'),
    countsBySubject(jsm, Streams.chat, 'rtms.chat.*'),
  ]);
  const rows = await Promise.all(
    [...registry.values()].map(async (entry): Promise<StreamRow> => {
      const lifecycle = await lastLifecycle(jsm, entry.streamId);
      const stopped = entry.state === 'stopped';
      return {
        streamId: entry.streamId,
        instanceKind: entry.instanceKind,
        instanceId: entry.instanceId,
        state: stopped ? 'stopped' : (lifecycle?.state ?? 'active'),
        owner: stopped ? null : (leases.get(entry.streamId)?.owner ?? null),
        startedAt: entry.generation > 0 ? entry.generation : entry.updatedAt,
        stoppedAt: stopped && entry.stoppedAt > 0 ? entry.stoppedAt : null,
        stopReason: stopped ? (lifecycle?.stopReasonText ?? stopReasonOf(entry.stopReason)) : null,
        transcriptSegments: segments.get(entry.streamId) ?? 0,
        chatMessages: chat.get(entry.streamId) ?? 0,
        framesPerSecond: rates.get(entry.streamId) ?? {},
      };
    }),
  );
  // Live streams first, then newest first.
  return rows.sort(
    (a, b) => Number(a.state === 'stopped') - Number(b.state === 'stopped') || b.startedAt - a.startedAt,
  );
}

const stopReasonOf = (code: number | undefined) => (code === undefined ? null : `stop reason ${code}`);
