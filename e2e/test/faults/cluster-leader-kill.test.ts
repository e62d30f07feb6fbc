import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Streams } from '@rtms/contracts';
import { startNatsCluster, waitFor } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { auditTranscripts } from '../../src/chaos/audit.js';
import { caughtUp, newLeader, streamLeader } from '../../src/chaos/cluster.js';
import { startMeetingLoad } from '../../src/chaos/meeting-load.js';
import { expectIntact, settleAndRecord, timed } from '../../src/chaos/settle-report.js';
import { startSystem } from '../../src/chaos/system.js';
import { firstStoredAfter } from '../../src/chaos/timing.js';
import { startWebhookLoad } from '../../src/chaos/webhook-load.js';

// Fault 1: a 3-node cluster, every stream with 3 replicas. The node that leads the transcript stream is
// SIGKILLed mid-meeting and later started again. Every acknowledged segment and webhook is stored exactly once,
// the meetings go on, and the restarted node catches up.

const STREAMS = 50;

describe('fault - cluster node leading the transcript stream SIGKILLed', () => {
  it('fault 1 - a new leader takes over, nothing acknowledged is lost or doubled, the node catches up', async () => {
    const cluster = await startNatsCluster({ size: 3 });
    const system = await startSystem({ natsUrl: cluster.url, replicas: 3 });
    const nc = await connect({
      servers: [...cluster.urls],
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    try {
      const jsm = await jetstreamManager(nc);
      for (const service of ['webhook-gateway', 'zoom-api', 'stream-connector', 'transcript-sink'] as const)
        await system.start(service);
      expect((await jsm.streams.info(Streams.transcripts)).config.num_replicas).toBe(3);
      const load = startWebhookLoad(system.sim, 20);
      const ids = await startMeetingLoad(system.sim, nc, STREAMS);

      const leader = await streamLeader(jsm, Streams.transcripts);
      const atKill = (await auditTranscripts(nc, system.sim, ids)).stored;
      const killedAt = Date.now();
      await cluster.node(leader).kill();
      const successor = await newLeader(jsm, Streams.transcripts, leader);
      // The meetings go on: segments are stored again, through the new leader.
      await waitFor(async () => (await auditTranscripts(nc, system.sim, ids)).stored > atKill, {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'segments stored after the leader was killed',
      });
      await waitFor(() => system.allReady(), {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'every service ready',
      });

      await cluster.node(leader).start();
      const catchUpMs = await timed(() => caughtUp(jsm, [Streams.transcripts, Streams.webhooks], leader));

      const { transcripts, webhooks } = await settleAndRecord({
        system,
        nc,
        ids,
        load,
        row: {
          id: 1,
          fault: 'SIGKILL the cluster node leading RTMS_TRANSCRIPTS (3 nodes, R3), restart it',
          load: `${STREAMS} streams audio+transcript, 20 webhooks/s`,
          recovery: 'kill → first segment stored through the new leader',
          notes: `leader ${leader} → ${successor}; restarted node caught up in ${catchUpMs} ms`,
        },
        recoveryMs: () => firstStoredAfter(nc, Streams.transcripts, killedAt),
      });
      expectIntact(transcripts, webhooks);
    } finally {
      await system.close();
      await nc.close();
      await cluster.dispose();
    }
  });
});
