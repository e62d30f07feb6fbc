import { TopologyDefaults } from '@rtms/contracts';
import { type NatsContext, startProcess, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import {
  connectorTest,
  leaseOwner,
  lifecycleOf,
  type Stack,
  transcriptsOf,
  waitForLive,
  waitForTranscripts,
} from './helpers/harness.js';
import { connectorMain, spawnReplica } from './helpers/replica.js';

// Real processes (`node dist/main.js`, built by turbo before integration tests): replicas killed with SIGKILL
// and stopped with SIGTERM mid-stream. Every stream must resume under exactly one owner, transcripts must
// continue, and no segment may be stored twice.

/** Zoom's documented bound for a crashed replica's streams is our 10 s goal (lease TTL 2 s in tests). */
const RECLAIM_DEADLINE_MS = 10_000;

async function ownersOf(nats: NatsContext, ids: readonly string[]) {
  return Promise.all(ids.map((id) => leaseOwner(nats, id)));
}

/** Waits until every stream is live in the simulator with its lease held by one of `owners`. */
async function allLiveUnder(
  stack: Stack,
  nats: NatsContext,
  ids: readonly string[],
  owners: readonly string[],
) {
  const started = Date.now();
  await waitFor(
    async () => {
      const current = await ownersOf(nats, ids);
      return current.every((o) => o !== undefined && owners.includes(o));
    },
    { timeoutMs: RECLAIM_DEADLINE_MS, intervalMs: 50, what: `every stream owned by ${owners.join(' or ')}` },
  );
  await Promise.all(ids.map((id) => waitForLive(stack.sim, id, 1, RECLAIM_DEADLINE_MS)));
  return Date.now() - started;
}

async function expectTranscriptsContinueOnce(nats: NatsContext, ids: readonly string[]) {
  await Promise.all(
    ids.map(async (id) => {
      const before = (await transcriptsOf(nats, id)).length;
      const after = await waitForTranscripts(nats, id, before + 1);
      expect(new Set(after.map((s) => s.segmentId)).size, id).toBe(after.length);
    }),
  );
}

async function startStreams(stack: Stack, nats: NatsContext, count: number) {
  const ids = stack.sim
    .startMeetings(count, { autoRtms: true, msPerWord: 60 })
    .map((m) => m.streamIds[0] ?? '');
  await Promise.all(ids.map((id) => waitForTranscripts(nats, id, 1)));
  return ids;
}

describe('stream-connector - processes', () => {
  connectorTest('process - refuses to start without Zoom credentials and names the fix', async () => {
    const proc = startProcess({
      name: 'connector',
      command: process.execPath,
      args: [connectorMain.main],
      cwd: connectorMain.packageDir,
      env: { NO_COLOR: '1', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '' },
    });
    const { code } = await proc.exited;
    expect(code).toBe(1);
    expect(proc.lines.join('\n')).toContain(
      'ZOOM_CLIENT_SECRET: is required. Fix: set it to the Client Secret',
    );
  });

  connectorTest(
    'process - 2 replicas with production lease settings, one SIGKILLed mid-stream: the other reclaims its streams within 10 s',
    async ({ startStack, nats }) => {
      // The shipped defaults: lease TTL 5 s (TopologyDefaults), claim scan every 1 s.
      const production = {
        RTMS_LEASE_TTL_MS: String(TopologyDefaults.leaseTtlMs),
        RTMS_CLAIM_INTERVAL_MS: '1000',
      };
      const stack = await startStack({ env: production });
      const replicas = await Promise.all(
        ['r1', 'r2'].map((name) => spawnReplica(stack, nats, name, production)),
      );
      try {
        const ids = await startStreams(stack, nats, 4);
        const owners = await ownersOf(nats, ids);
        const victim = replicas.find((r) => r.name === owners[0]) ?? replicas[0];
        const survivor = replicas.find((r) => r !== victim);
        if (!victim || !survivor) throw new Error('expected two replicas');
        await victim.stop('SIGKILL');
        const tookMs = await allLiveUnder(stack, nats, ids, [survivor.name]);
        console.info(
          `[stream-connector] SIGKILL: 4 streams live again under ${survivor.name} in ${tookMs} ms`,
        );
        await expectTranscriptsContinueOnce(nats, ids);
        const taken = (await lifecycleOf(nats, ids[0] ?? '')).filter((l) => l.reason === 'takeover');
        expect(taken.map((l) => `${l.state}:${l.owner}`)).toEqual([
          `reconnecting:${survivor.name}`,
          `reconnected:${survivor.name}`,
        ]);
      } finally {
        await Promise.all(replicas.map((r) => r.stop('SIGTERM')));
      }
    },
  );

  connectorTest(
    'process - a replica frozen past RTMS_REPLICA_DEAD_MS loses its leases by compare-and-set; thawed, it lets its streams go',
    async ({ startStack, nats }) => {
      // Shipped settings: lease TTL 5 s, heartbeats every 500 ms, dead after 1.5 s without one.
      const production = {
        RTMS_LEASE_TTL_MS: String(TopologyDefaults.leaseTtlMs),
        RTMS_CLAIM_INTERVAL_MS: '1000',
        RTMS_HEARTBEAT_MS: '500',
        RTMS_REPLICA_DEAD_MS: '1500',
      };
      const stack = await startStack({ env: production });
      const frozen = await spawnReplica(stack, nats, 'r1', production);
      const replicas = [frozen];
      try {
        const ids = await startStreams(stack, nats, 3);
        expect(await ownersOf(nats, ids)).toEqual(['r1', 'r1', 'r1']);
        const other = await spawnReplica(stack, nats, 'r2', production);
        replicas.push(other);
        // Frozen, r1 writes no heartbeat, but its sockets stay open (Zoom refuses a second connection).
        const pid = frozen.pid as number;
        process.kill(pid, 'SIGSTOP');
        try {
          // r2 takes the dead replica's leases at once, by compare-and-set on the revisions it saw.
          await waitFor(async () => (await ownersOf(nats, ids)).every((o) => o === 'r2'), {
            timeoutMs: 10_000,
            what: 'r2 to hold every lease',
          });
        } finally {
          process.kill(pid, 'SIGCONT');
        }
        // Thawed, r1 finds at its next renewal that each lease moved on and closes the stream; r2 connects it.
        await Promise.all(ids.map((id) => waitForLive(stack.sim, id, 1, 20_000)));
        expect(await ownersOf(nats, ids)).toEqual(['r2', 'r2', 'r2']);
        // At its next renewal (lease moved on) or, if the freeze outlasted its lease, at once (expired locally).
        await waitFor(
          () => frozen.lines.filter((l) => l.includes('lease lost: closing the stream here')).length === 3,
          {
            what: 'r1 to let its three streams go',
          },
        );
        // Log lines reach stdout within the logger's flush interval (LOG_BUFFER_BYTES, 250 ms).
        await waitFor(() => other.lines.filter((l) => l.includes('"fromDeadReplica":true')).length === 3, {
          what: 'r2 to log its three takeovers',
        });
        await expectTranscriptsContinueOnce(nats, ids);
      } finally {
        await Promise.all(replicas.map((r) => r.stop('SIGTERM')));
      }
    },
  );

  connectorTest(
    'process - 3 replicas, one SIGKILLed then one SIGTERMed: every stream resumes with one owner',
    async ({ startStack, nats }) => {
      const stack = await startStack();
      const replicas = [
        await spawnReplica(stack, nats, 'r1'),
        await spawnReplica(stack, nats, 'r2'),
        await spawnReplica(stack, nats, 'r3'),
      ];
      try {
        const ids = await startStreams(stack, nats, 6);
        const firstOwner = (await ownersOf(nats, ids))[0];
        const killed = replicas.find((r) => r.name === firstOwner) ?? replicas[0];
        if (!killed) throw new Error('no replica');
        await killed.stop('SIGKILL');
        const living = replicas.filter((r) => r !== killed);
        const killMs = await allLiveUnder(
          stack,
          nats,
          ids,
          living.map((r) => r.name),
        );
        await expectTranscriptsContinueOnce(nats, ids);

        // A rolling restart: SIGTERM releases the streams at once (no waiting for the lease to expire).
        const owners = await ownersOf(nats, ids);
        const stopped = living.find((r) => owners.includes(r.name)) ?? living[0];
        const last = living.find((r) => r !== stopped);
        if (!stopped || !last) throw new Error('expected two living replicas');
        const exit = await stopped.stop('SIGTERM');
        expect(exit.code).toBe(0);
        expect(stopped.lines.some((l) => l.includes('shutdown complete'))).toBe(true);
        const termMs = await allLiveUnder(stack, nats, ids, [last.name]);
        console.info(
          `[stream-connector] 6 streams: SIGKILL → live again in ${killMs} ms; SIGTERM → ${termMs} ms`,
        );
        await expectTranscriptsContinueOnce(nats, ids);
        expect(new Set(await ownersOf(nats, ids))).toEqual(new Set([last.name]));
        expect(
          stopped.lines.filter((l) => l.includes('"reason":"shutdown"') && l.includes('stream released'))
            .length,
        ).toBe(owners.filter((o) => o === stopped.name).length);
      } finally {
        await Promise.all(replicas.map((r) => r.stop('SIGTERM')));
      }
    },
  );
});
