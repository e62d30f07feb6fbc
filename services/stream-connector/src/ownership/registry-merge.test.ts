import { StreamRegistryEntry } from '@rtms/contracts';
import { describe, expect, it } from 'vitest';
import { mergeInterrupted, mergeStarted, mergeStopped } from './registry-merge.js';

const facts = { streamId: 's1', instanceKind: 'meeting' as const, instanceId: 'uuid==', eventTs: 1000 };
const started = (eventTs: number, serverUrls = 'wss://a') => ({ ...facts, eventTs, serverUrls });
const NOW = 5;

function active(eventTs = 1000, serverUrls = 'wss://a') {
  const next = mergeStarted(undefined, started(eventTs, serverUrls), NOW).next;
  if (!next) throw new Error('expected an entry');
  return next;
}

describe('registry merge - webhooks to desired state, by event_ts', () => {
  it('rtms_started creates an active entry that satisfies the contract', () => {
    const m = mergeStarted(undefined, started(1000), NOW);
    expect(m.outcome).toBe('created');
    expect(StreamRegistryEntry.parse(m.next)).toEqual(m.next);
    expect(m.next).toMatchObject({ state: 'active', generation: 1000, serverUrls: 'wss://a', stoppedAt: 0 });
  });

  it('a repeated rtms_started changes nothing: same event_ts, same URLs, or older', () => {
    const e = active();
    expect(mergeStarted(e, started(1000), NOW)).toEqual({ outcome: 'duplicate' });
    expect(mergeStarted(e, started(2000), NOW)).toEqual({ outcome: 'duplicate' });
    expect(mergeStarted(e, started(900, 'wss://b'), NOW)).toEqual({ outcome: 'stale' });
  });

  it('a newer rtms_started with new server_urls is a failover', () => {
    const m = mergeStarted(active(), started(2000, 'wss://b'), NOW);
    expect(m.outcome).toBe('failover');
    expect(m.next).toMatchObject({ generation: 2000, serverUrls: 'wss://b', state: 'active' });
  });

  it('rtms_interrupted is recorded once, and not when it predates the current server', () => {
    const e = { ...active(), generation: 1500 };
    const m = mergeInterrupted(e, 2000, NOW);
    expect(m.outcome).toBe('interrupted');
    expect(m.next?.interruptedAt).toBe(2000);
    expect(mergeInterrupted(m.next, 2000, NOW).outcome).toBe('duplicate');
    expect(mergeInterrupted(e, 1200, NOW).outcome).toBe('stale');
    expect(mergeInterrupted(undefined, 2000, NOW).outcome).toBe('unknown');
  });

  it('rtms_stopped stops the stream with its reason; a stop before any start leaves a tombstone', () => {
    const m = mergeStopped(active(), { ...facts, eventTs: 3000, stopReason: 13 }, NOW);
    expect(m.outcome).toBe('stopped');
    expect(m.next).toMatchObject({ state: 'stopped', stopReason: 13, stoppedAt: 3000 });
    expect(mergeStopped(m.next, { ...facts, eventTs: 4000, stopReason: 6 }, NOW).outcome).toBe('duplicate');

    const tomb = mergeStopped(undefined, { ...facts, eventTs: 3000, stopReason: 1 }, NOW);
    expect(tomb.outcome).toBe('tombstone');
    expect(StreamRegistryEntry.parse(tomb.next)).toEqual(tomb.next);
    // The start Zoom sent before that stop, handled late, does not start the stream.
    expect(mergeStarted(tomb.next, started(1000), NOW).outcome).toBe('stale');
    // A start newer than the stop does.
    expect(mergeStarted(tomb.next, started(4000), NOW).outcome).toBe('restarted');
  });

  it('a stop older than a failover start is ignored', () => {
    const e = active(2000);
    expect(mergeStopped(e, { ...facts, eventTs: 1500, stopReason: 1 }, NOW).outcome).toBe('stale');
  });
});
