import type { InstanceKind, StreamRegistryEntry } from '@rtms/contracts';

// How a webhook changes a stream's registry entry. Pure: the registry applies these with compare-and-set, and
// any replica may handle any webhook in any order, so each rule decides by Zoom's event_ts, never by arrival.

export interface StreamFacts {
  streamId: string;
  instanceKind: InstanceKind;
  instanceId: string;
  eventTs: number;
}

export type MergeOutcome =
  | 'created'
  | 'failover'
  | 'restarted'
  | 'interrupted'
  | 'stopped'
  | 'tombstone'
  | 'duplicate'
  | 'stale'
  | 'unknown';

export interface Merge {
  outcome: MergeOutcome;
  /** The entry to write; undefined when nothing changes. */
  next?: StreamRegistryEntry;
}

/**
 * rtms_started. New stream → active. Newer event_ts with different server_urls → failover (the owner
 * reconnects to the new URL). The same event_ts, or the same URLs again → duplicate: nothing changes, so a
 * repeated webhook never opens a second connection. A start newer than a stop re-activates the stream.
 */
export function mergeStarted(
  current: StreamRegistryEntry | undefined,
  facts: StreamFacts & { serverUrls: string; traceparent?: string | undefined },
  now: number,
): Merge {
  const active = (outcome: MergeOutcome): Merge => ({
    outcome,
    next: {
      v: 1,
      streamId: facts.streamId,
      instanceKind: facts.instanceKind,
      instanceId: facts.instanceId,
      serverUrls: facts.serverUrls,
      generation: facts.eventTs,
      interruptedAt: current?.interruptedAt ?? 0,
      state: 'active',
      stoppedAt: current?.stoppedAt ?? 0,
      updatedAt: now,
      ...(facts.traceparent ? { traceparent: facts.traceparent } : {}),
    },
  });
  if (!current) return active('created');
  if (current.state === 'stopped')
    return facts.eventTs > current.stoppedAt ? active('restarted') : { outcome: 'stale' };
  if (facts.eventTs <= current.generation)
    return { outcome: facts.eventTs === current.generation ? 'duplicate' : 'stale' };
  if (facts.serverUrls === current.serverUrls) return { outcome: 'duplicate' };
  return active('failover');
}

/** rtms_interrupted: our signaling dropped (Zoom's view); the owner reconnects signaling and media. */
export function mergeInterrupted(
  current: StreamRegistryEntry | undefined,
  eventTs: number,
  now: number,
): Merge {
  if (!current) return { outcome: 'unknown' };
  if (current.state !== 'active') return { outcome: 'stale' };
  if (eventTs <= current.interruptedAt) return { outcome: 'duplicate' };
  if (eventTs < current.generation) return { outcome: 'stale' };
  return { outcome: 'interrupted', next: { ...current, interruptedAt: eventTs, updatedAt: now } };
}

/**
 * rtms_stopped / meeting.ended / the owner seeing the stream terminate. Unknown stream → a tombstone, so a
 * start handled later (older event_ts) does not start it.
 */
export function mergeStopped(
  current: StreamRegistryEntry | undefined,
  facts: StreamFacts & { stopReason: number | undefined },
  now: number,
): Merge {
  const stopReason = facts.stopReason === undefined ? {} : { stopReason: facts.stopReason };
  if (!current) {
    return {
      outcome: 'tombstone',
      next: {
        v: 1,
        streamId: facts.streamId,
        instanceKind: facts.instanceKind,
        instanceId: facts.instanceId,
        serverUrls: '',
        generation: 0,
        interruptedAt: 0,
        state: 'stopped',
        stoppedAt: facts.eventTs,
        ...stopReason,
        updatedAt: now,
      },
    };
  }
  if (current.state === 'stopped') return { outcome: 'duplicate' };
  if (facts.eventTs < current.generation) return { outcome: 'stale' };
  const { stopReason: _old, ...rest } = current;
  return {
    outcome: 'stopped',
    next: { ...rest, state: 'stopped', stoppedAt: facts.eventTs, ...stopReason, updatedAt: now },
  };
}
