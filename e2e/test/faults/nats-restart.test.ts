import { connect } from '@nats-io/transport-node';
import { startNatsServer, waitFor } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { auditTranscripts } from '../../src/chaos/audit.js';
import { startMeetingLoad } from '../../src/chaos/meeting-load.js';
import { expectIntact, settleAndRecord, timed } from '../../src/chaos/settle-report.js';
import { startSystem } from '../../src/chaos/system.js';
import { startWebhookLoad } from '../../src/chaos/webhook-load.js';

// Fault 2: one nats-server with file storage, SIGKILLed mid-traffic and started again on the same store. The
// services reconnect by themselves, webhooks during the outage get 503 (Zoom retries them), and nothing that
// was acknowledged is lost or doubled.

const STREAMS = 50;

describe('fault - single nats-server SIGKILLed and restarted on its store', () => {
  it('fault 2 - services reconnect, outage webhooks get 503, nothing acknowledged lost or doubled', async () => {
    const server = await startNatsServer();
    const system = await startSystem({ natsUrl: server.url });
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    try {
      for (const service of ['webhook-gateway', 'zoom-api', 'stream-connector', 'transcript-sink'] as const)
        await system.start(service);
      const load = startWebhookLoad(system.sim, 20);
      const ids = await startMeetingLoad(system.sim, nc, STREAMS);

      const unavailableBefore = count503(system.sim.webhooks);
      await server.kill();
      // While the server is down the gateway cannot store: it answers 503 and Zoom retries.
      await waitFor(() => count503(system.sim.webhooks) > unavailableBefore, {
        timeoutMs: 15_000,
        what: 'a 503 during the outage',
      });
      await server.start();
      const recoveryMs = await timed(() =>
        waitFor(() => system.allReady(), { timeoutMs: 60_000, intervalMs: 50, what: 'every service ready' }),
      );

      // The meetings go on after the outage: more segments are stored.
      const atRecovery = (await auditTranscripts(nc, system.sim, ids)).stored;
      await waitFor(async () => (await auditTranscripts(nc, system.sim, ids)).stored > atRecovery, {
        timeoutMs: 20_000,
        intervalMs: 500,
        what: 'segments stored after the outage',
      });
      const { transcripts, webhooks } = await settleAndRecord({
        system,
        nc,
        ids,
        load,
        row: {
          id: 2,
          fault: 'SIGKILL the only nats-server (file store), restart it',
          load: `${STREAMS} streams audio+transcript, 20 webhooks/s`,
          recovery: 'server back → every service /readyz 200',
        },
        recoveryMs: () => recoveryMs,
      });
      expect(webhooks.unavailable).toBeGreaterThan(0);
      expectIntact(transcripts, webhooks);
    } finally {
      await system.close();
      await nc.close();
      await server.dispose();
    }
  });
});

function count503(deliveries: readonly { attempts: readonly { status: number | undefined }[] }[]): number {
  return deliveries.reduce((n, d) => n + d.attempts.filter((a) => a.status === 503).length, 0);
}
