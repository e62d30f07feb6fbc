import type { NatsConnection } from '@nats-io/transport-node';
import { waitFor } from '@rtms/testkit';
import type { MeetingSpec, ZoomSimulator } from '@rtms/zoom-sim';
import { auditTranscripts, auditWebhooks } from './audit.js';
import { scrapeMetric } from './metrics.js';
import { liveStreams, type System } from './system.js';
import { webhooksSettled } from './webhook-load.js';

// The fault tests' meeting load: N streams of 20 ms audio frames and transcripts (one message per segment:
// revisions off, so every frame Zoom sends is its own segment), started by the simulator itself.

const FAULT_MEETING: MeetingSpec = {
  autoRtms: true,
  media: { audio: true, transcript: true, video: false, chat: false, deskshare: false },
  transcriptRevisions: false,
  msPerWord: 40,
};

/** Starts `count` meetings with RTMS and waits until every stream is connected and has stored a segment. */
export async function startMeetingLoad(
  sim: ZoomSimulator,
  nc: NatsConnection,
  count: number,
): Promise<string[]> {
  const ids = sim.startMeetings(count, FAULT_MEETING).map((m) => m.streamIds[0] ?? '');
  await waitFor(() => ids.every((id) => liveStreams(sim).some((s) => s.id === id)), {
    timeoutMs: 60_000,
    intervalMs: 200,
    what: `${count} streams connected`,
  });
  await waitFor(
    async () => {
      const { perStream } = await auditTranscripts(nc, sim, ids);
      return ids.every((id) => (perStream.get(id) ?? 0) > 0);
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'a stored transcript segment on every stream' },
  );
  return ids;
}

/** Messages a connector still holds for JetStream (queued or awaiting their ack), from its /metrics. */
const outboxPending = (url: string) => scrapeMetric(url, 'rtms_connector_outbox_pending');

/**
 * Stops the streams (host stop), then waits until every webhook retry is done and every live connector's
 * JetStream queue is empty (what was acknowledged is then stored, or never will be), and audits.
 */
export async function stopAndSettle(system: System, nc: NatsConnection, ids: readonly string[]) {
  const { sim } = system;
  for (const id of ids) if (sim.stream(id)?.state !== 'stopped') sim.stopRtms(id, 1);
  await waitFor(() => webhooksSettled(sim), {
    timeoutMs: 90_000,
    intervalMs: 250,
    what: 'webhook retries done',
  });
  const connectors = system.services.filter((s) => s.service === 'stream-connector');
  await waitFor(
    async () => {
      const pending = await Promise.all(connectors.filter((c) => c.alive).map((c) => outboxPending(c.url)));
      return pending.every((p) => p === 0);
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'connector JetStream queues empty' },
  );
  return {
    transcripts: await auditTranscripts(nc, sim, ids),
    webhooks: await auditWebhooks(nc, sim),
  };
}
