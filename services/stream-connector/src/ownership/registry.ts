import type { KV } from '@nats-io/kv';
import { Buckets, StreamRegistryEntry } from '@rtms/contracts';
import { isRevisionConflict } from '@rtms/nats';
import type { Logger } from 'pino';
import { RegistryConflictError } from '../errors.js';
import { KvMirror } from './kv-mirror.js';
import type { Merge } from './registry-merge.js';

// KV `rtms-streams`: the desired state of every stream, written from webhooks by whichever replica received
// them, watched by every replica. The owner of a stream learns of a stop, an interruption or a failover
// through this watch, so a signal reaches it wherever the webhook landed.

const MAX_ATTEMPTS = 8;
const encoder = new TextEncoder();

export class StreamRegistry {
  readonly mirror: KvMirror<StreamRegistryEntry>;

  constructor(
    private readonly kv: KV,
    log: Logger,
  ) {
    this.mirror = new KvMirror(
      kv,
      Buckets.streams,
      StreamRegistryEntry,
      log.child({ component: 'registry' }),
    );
  }

  get(streamId: string): StreamRegistryEntry | undefined {
    return this.mirror.get(streamId)?.value;
  }

  /** Active streams of a meeting/webinar/session (for meeting.ended, which names no stream). */
  activeOfInstance(instanceId: string): StreamRegistryEntry[] {
    const out: StreamRegistryEntry[] = [];
    for (const [, e] of this.mirror.values()) {
      if (e.value.instanceId === instanceId && e.value.state === 'active') out.push(e.value);
    }
    return out;
  }

  /**
   * Reads the stored entry (not the mirror, which may lag), merges, and writes with compare-and-set; retries
   * when another replica wrote in between.
   */
  async mutate(streamId: string, merge: (current: StreamRegistryEntry | undefined) => Merge): Promise<Merge> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = await this.kv.get(streamId);
      const live = stored?.operation === 'PUT' ? stored : undefined;
      const current = live ? this.mirror.decode(streamId, live.revision, live.value) : undefined;
      const result = merge(current);
      if (!result.next) return result;
      const data = encoder.encode(JSON.stringify(result.next));
      try {
        if (live) await this.kv.update(streamId, data, live.revision);
        else await this.kv.create(streamId, data);
        return result;
      } catch (err) {
        if (!isRevisionConflict(err)) throw err;
      }
    }
    throw new RegistryConflictError(streamId, MAX_ATTEMPTS);
  }
}
