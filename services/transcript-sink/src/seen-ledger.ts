import { createHash } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { SeenLedgerError } from './errors.js';

/**
 * Which segments this sink has already logged, in the `transcript-sink-seen` KV bucket (so the record survives
 * a restart, a new container, and is shared by replicas of one consumer). Keys are
 * `<consumer>.<rtms_stream_id>.<hash of segmentId>`: independent sinks keep separate records.
 */
export class SeenLedger {
  constructor(
    private readonly kv: KV,
    private readonly consumer: string,
  ) {}

  keyOf(streamId: string, segmentId: string): string {
    const hash = createHash('sha256').update(segmentId).digest('hex').slice(0, 32);
    return `${this.consumer}.${streamId}.${hash}`;
  }

  async has(streamId: string, segmentId: string): Promise<boolean> {
    const key = this.keyOf(streamId, segmentId);
    try {
      const entry = await this.kv.get(key);
      return entry !== null && entry.operation === 'PUT';
    } catch (cause) {
      throw new SeenLedgerError(key, 'get', { cause });
    }
  }

  /** Records a logged segment; the value is the stream sequence it was logged from (for operators). */
  async mark(streamId: string, segmentId: string, seq: number): Promise<void> {
    const key = this.keyOf(streamId, segmentId);
    try {
      await this.kv.put(key, String(seq));
    } catch (cause) {
      throw new SeenLedgerError(key, 'put', { cause });
    }
  }
}
