import { AckPolicy } from '@nats-io/jetstream';
import { Streams, Subjects, ZoomWebhookEnvelope } from '@rtms/contracts';
import { provisionTopology } from '@rtms/nats';
import { createMetricsRegistry, disabledTracing } from '@rtms/service-kit';
import { natsTest } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { loadConfig } from '../src/config.js';
import { consumerSpec, zoomApiTopology } from '../src/topology.js';
import { webhookHandler } from '../src/webhook-consumer.js';
import { wireComponents } from '../src/wiring.js';
import { collectControlEvents, logger, simEnv, startSim } from './harness.js';

describe('zoom-api - webhook redelivery', () => {
  natsTest(
    'a redelivered meeting.started whose start Zoom now rejects ("already running") still schedules the stop',
    async ({ nats }) => {
      const sim = await startSim();
      await provisionTopology(nats.nc, zoomApiTopology(), logger);
      const events = collectControlEvents(nats.nc);
      const parts = await wireComponents({
        config: loadConfig(simEnv(sim)),
        logger,
        nc: nats.nc,
        metrics: createMetricsRegistry('t'),
        tracing: disabledTracing,
      });
      const handle = webhookHandler({
        ...parts,
        logger,
        autoStart: true,
        autoStopMs: 60_000,
        participantUserId: undefined,
        ackWaitMs: consumerSpec('zoom-api').ackWaitMs,
        tracing: disabledTracing,
      });

      // The first delivery started RTMS, then the process died before scheduling the stop.
      const meeting = sim.startMeeting();
      sim.startRtms(meeting.id);
      const body = sim.webhooks.find((d) => d.event === 'meeting.started')?.body ?? '';
      await nats.js.publish(Subjects.webhook('meeting.started'), body);
      await nats.jsm.consumers.add(Streams.webhooks, {
        durable_name: 'redelivery-test',
        ack_policy: AckPolicy.Explicit,
        filter_subject: Subjects.webhook('meeting.started'),
      });
      const consumer = await nats.js.consumers.get(Streams.webhooks, 'redelivery-test');
      const first = await consumer.next();
      if (!first) throw new Error('no message');
      const envelope = ZoomWebhookEnvelope.parse(first.json());

      // A first delivery rejected by Zoom schedules nothing.
      expect(await handle(envelope, first)).toBe('ack');
      await events.waitForEvent({ action: 'start', outcome: 'failed', httpStatus: 400 });
      expect(events.events().filter((e) => e.action === 'schedule_stop')).toEqual([]);

      first.nak();
      const again = await consumer.next();
      expect(again?.redelivered).toBe(true);
      if (!again) throw new Error('no redelivery');
      expect(await handle(envelope, again)).toBe('ack');
      const scheduled = await events.waitForEvent({ action: 'schedule_stop', outcome: 'scheduled' });
      expect(scheduled.meetingId).toBe(meeting.id);
      expect((await nats.jsm.streams.info(Streams.schedule)).state.messages).toBe(1);
    },
  );
});
