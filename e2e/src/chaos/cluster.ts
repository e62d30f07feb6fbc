import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { waitFor } from '@rtms/testkit';

// Cluster facts the fault tests wait on: who leads a stream, and whether a returning node has caught up.

export async function streamLeader(jsm: JetStreamManager, stream: string): Promise<string> {
  const leader = (await jsm.streams.info(stream)).cluster?.leader;
  if (!leader) throw new Error(`stream ${stream} has no leader`);
  return leader;
}

/** Waits until the stream is led by a node other than `old`; returns the new leader. */
export function newLeader(jsm: JetStreamManager, stream: string, old: string, timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const leader = (await jsm.streams.info(stream)).cluster?.leader;
      return leader && leader !== old ? leader : undefined;
    },
    { timeoutMs, intervalMs: 100, what: `a new leader of ${stream}` },
  );
}

/** Waits until `node` is a current replica of every stream, with nothing left to catch up. */
export function caughtUp(
  jsm: JetStreamManager,
  streams: readonly string[],
  node: string,
  timeoutMs = 60_000,
) {
  return waitFor(
    async () => {
      for (const stream of streams) {
        const cluster = (await jsm.streams.info(stream)).cluster;
        if (cluster?.leader === node) continue;
        const peer = cluster?.replicas?.find((r) => r.name === node);
        if (!peer?.current || peer.lag) return false;
      }
      return true;
    },
    { timeoutMs, intervalMs: 250, what: `${node} caught up on ${streams.join(', ')}` },
  );
}

/**
 * Moves a stream's leadership to `node` by asking the current leader to step down until the election lands
 * there (2.9 has no placement preference for a step-down). Returns whether it got there.
 */
export async function leadFrom(nc: NatsConnection, jsm: JetStreamManager, stream: string, node: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const leader = await waitFor(() => jsm.streams.info(stream).then((i) => i.cluster?.leader), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: `a leader of ${stream}`,
    });
    if (leader === node) return true;
    await nc.request(`$JS.API.STREAM.LEADER.STEPDOWN.${stream}`, undefined, { timeout: 5000 });
    await waitFor(() => jsm.streams.info(stream).then((i) => i.cluster?.leader !== leader), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: `${stream} leadership to move`,
    });
  }
  return false;
}
