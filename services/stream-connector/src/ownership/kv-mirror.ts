import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { Logger } from 'pino';
import type { z } from 'zod';

// A local copy of a KV bucket, kept current by a watch. Every value is validated with its contracts schema;
// one that does not match is logged with its key and revision and left out (never crashes the watch).

export interface Mirrored<T> {
  value: T;
  revision: number;
  /** Server time of the write. */
  created: number;
}

export type MirrorChange<T> = { key: string; entry: Mirrored<T> | undefined };

export class KvMirror<T> {
  private readonly entries = new Map<string, Mirrored<T>>();
  private readonly listeners: ((change: MirrorChange<T>) => void)[] = [];
  private stopWatch: (() => void) | undefined;
  private syncedResolve: () => void = () => undefined;
  /** Resolves once the bucket's existing keys have been loaded. */
  readonly synced = new Promise<void>((resolve) => {
    this.syncedResolve = resolve;
  });

  constructor(
    readonly kv: KV,
    readonly bucket: string,
    private readonly schema: z.ZodType<T>,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const status = await this.kv.status();
    const watch = await this.kv.watch();
    this.stopWatch = () => watch.stop();
    if (status.values === 0) this.syncedResolve();
    void (async () => {
      for await (const e of watch) {
        this.apply(e);
        if (e.isUpdate) this.syncedResolve();
      }
    })().catch((err: unknown) => this.log.error({ err, bucket: this.bucket }, 'KV watch ended'));
  }

  stop(): void {
    this.stopWatch?.();
  }

  get(key: string): Mirrored<T> | undefined {
    return this.entries.get(key);
  }

  values(): IterableIterator<[string, Mirrored<T>]> {
    return this.entries.entries();
  }

  onChange(listener: (change: MirrorChange<T>) => void): void {
    this.listeners.push(listener);
  }

  /** Validates a stored value; undefined (logged) when it does not match the schema. */
  decode(key: string, revision: number, data: Uint8Array): T | undefined {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(data));
    } catch (err) {
      this.log.warn({ err, bucket: this.bucket, key, revision }, 'KV value is not JSON: ignored');
      return undefined;
    }
    const parsed = this.schema.safeParse(json);
    if (parsed.success) return parsed.data;
    this.log.warn(
      { bucket: this.bucket, key, revision, issues: parsed.error.issues },
      'invalid KV value: ignored',
    );
    return undefined;
  }

  private apply(e: KvWatchEntry): void {
    let entry: Mirrored<T> | undefined;
    if (e.operation === 'PUT') {
      const value = this.decode(e.key, e.revision, e.value);
      if (value === undefined) return;
      entry = { value, revision: e.revision, created: e.created.getTime() };
      this.entries.set(e.key, entry);
    } else {
      this.entries.delete(e.key);
    }
    for (const listener of this.listeners) {
      try {
        listener({ key: e.key, entry });
      } catch (err) {
        this.log.error({ err, bucket: this.bucket, key: e.key }, 'KV change listener failed');
      }
    }
  }
}
