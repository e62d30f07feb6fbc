import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Streams } from '@rtms/contracts';
import { startNatsCluster, waitFor } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { auditTranscripts } from '../../src/chaos/audit.js';
import { caughtUp, leadFrom, newLeader } from '../../src/chaos/cluster.js';
import { startMeetingLoad } from '../../src/chaos/meeting-load.js';
import { expectIntact, settleAndRecord, timed } from '../../src/chaos/settle-report.js';
import { startSystem } from '../../src/chaos/system.js';
import { firstStoredAfter } from '../../src/chaos/timing.js';
import { startWebhookLoad } from '../../src/chaos/webhook-load.js';

// Fault 5: a network partition cuts the node leading the transcript stream off the cluster (it is restarted
// with its routes pointing nowhere). The services are clients of the two other nodes: the majority side keeps
// serving, nothing acknowledged on it is lost, and the cut-off node, once its routes are back, catches up.

const STREAMS = 50;

describe('fault - network partition isolates one cluster node', () => {
  it('fault 5 - the majority keeps serving, nothing acknowledged is lost, the healed node catches up', async () => {
    const cluster = await startNatsCluster({ size: 3 });
    const nc = await connect({
      servers: [...cluster.urls],
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    const jsm = await jetstreamManager(nc);
    const [cut, ...rest] = cluster.nodes;
    if (!cut) throw new Error('no cluster nodes');
    const isolated = cut.name;
    // The services are clients of the majority side (clients of the cut-off node stall with it until it heals).
    const system = await startSystem({ natsUrl: rest.map((n) => n.url).join(','), replicas: 3 });
    try {
      for (const service of ['webhook-gateway', 'zoom-api', 'stream-connector', 'transcript-sink'] as const)
        await system.start(service);
      // The node to cut off leads the webhook and transcript streams, so the majority must elect new leaders.
      const leads = [
        await leadFrom(nc, jsm, Streams.webhooks, isolated),
        await leadFrom(nc, jsm, Streams.transcripts, isolated),
      ];
      const load = startWebhookLoad(system.sim, 20);
      const ids = await startMeetingLoad(system.sim, nc, STREAMS);

      const atCut = (await auditTranscripts(nc, system.sim, ids)).stored;
      const cutAt = Date.now();
      await cluster.isolate(isolated);
      await newLeader(jsm, Streams.transcripts, isolated).catch(() => undefined);
      await waitFor(async () => (await auditTranscripts(nc, system.sim, ids)).stored > atCut + STREAMS, {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'the majority storing segments during the partition',
      });
      // The cut-off node has no quorum: JetStream does not answer through it.
      const alone = await connect({ servers: cluster.node(isolated).url, reconnect: false });
      const answers = await jetstreamManager(alone, { timeout: 1000 })
        .then((m) => m.streams.info(Streams.transcripts))
        .then(
          () => true,
          () => false,
        );
      await alone.close();
      expect(answers).toBe(false);

      await cluster.heal(isolated);
      const catchUpMs = await timed(() => caughtUp(jsm, [Streams.transcripts, Streams.webhooks], isolated));

      const { transcripts, webhooks } = await settleAndRecord({
        system,
        nc,
        ids,
        load,
        row: {
          id: 5,
          fault: 'partition: the node leading ZOOM_WEBHOOKS and RTMS_TRANSCRIPTS cut off, healed later',
          load: `${STREAMS} streams audio+transcript, 20 webhooks/s; services on the majority side`,
          recovery: 'cut → first segment stored on the majority',
          notes: `cut node led webhooks/transcripts: ${leads.join('/')}; healed node caught up in ${catchUpMs} ms`,
        },
        recoveryMs: () => firstStoredAfter(nc, Streams.transcripts, cutAt),
      });
      expectIntact(transcripts, webhooks);
    } finally {
      await system.close();
      await nc.close();
      await cluster.dispose();
    }
  });
});
