import { Streams, Subjects } from '@rtms/contracts';
import { natsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { forwardWebhook, startHarness, startMeeting } from './harness.js';

describe('zoom-api - webhooks', () => {
  natsTest(
    'meeting.started starts RTMS with the right path, body and token, then stops it after the delay, on time',
    async ({ nats }) => {
      const h = await startHarness(nats, { env: { RTMS_PARTICIPANT_USER_ID: 'host-user-1' } });
      const meeting = await startMeeting(nats.js, h.sim);

      const [start] = await waitFor(() => h.calls('start').length === 1 && h.calls('start'));
      expect(start).toMatchObject({
        path: `/v2/live_meetings/${meeting.id}/rtms_app/status`,
        status: 204,
        body: {
          action: 'start',
          settings: { client_id: h.sim.credentials.clientId, participant_user_id: 'host-user-1' },
        },
      });
      expect(h.oauthCalls()).toHaveLength(1);
      expect(h.oauthCalls()[0]?.query).toMatchObject({
        grant_type: 'account_credentials',
        account_id: h.sim.credentials.accountId,
      });
      expect(start?.authorization).toMatch(/^Bearer sim\./);
      expect(h.sim.meeting(meeting.id)?.streamIds).toHaveLength(1);

      const scheduled = await h.waitForEvent({ action: 'schedule_stop', outcome: 'scheduled' });
      expect(scheduled.meetingId).toBe(meeting.id);
      expect(scheduled.dueAt).toBeGreaterThanOrEqual((start?.at ?? 0) + 2000 - 50);

      const [stop] = await waitFor(() => h.calls('stop').length === 1 && h.calls('stop'), {
        timeoutMs: 8000,
      });
      expect(stop).toMatchObject({ path: start?.path, status: 204, authorization: start?.authorization });
      // On time: not before it is due, and within 1 s after.
      const late = (stop?.at ?? 0) - (scheduled.dueAt ?? 0);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(1000);
      await h.waitForEvent({ action: 'stop', outcome: 'ok', source: 'schedule' });
      expect(h.events().map((e) => `${e.action}:${e.outcome}:${e.source}`)).toEqual([
        'start:ok:webhook',
        'schedule_stop:scheduled:webhook',
        'stop:fired:schedule',
        'stop:ok:schedule',
      ]);
      await waitFor(async () => (await nats.jsm.streams.info(Streams.schedule)).state.messages === 0);
    },
  );

  natsTest('meeting.ended cancels the pending stop: no stop call when it falls due', async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = await startMeeting(nats.js, h.sim);
    const scheduled = await h.waitForEvent({ action: 'schedule_stop', outcome: 'scheduled' });
    h.sim.endMeeting(meeting.id);
    await forwardWebhook(nats.js, h.sim, 'meeting.ended', meeting.uuid);
    await h.waitForEvent({ action: 'cancel_stop', outcome: 'cancelled', meetingId: meeting.id });
    const skipped = await h.waitForEvent({ action: 'stop', outcome: 'skipped' }, 8000);
    expect(skipped).toMatchObject({
      meetingId: meeting.id,
      dueAt: scheduled.dueAt,
      message: 'cancelled: meeting ended',
    });
    expect(h.calls('stop')).toHaveLength(0);
    await waitFor(async () => (await nats.jsm.streams.info(Streams.schedule)).state.messages === 0);
  });

  natsTest(
    'meeting.rtms_stopped, which names only the meeting UUID, cancels the pending stop',
    async ({ nats }) => {
      const h = await startHarness(nats);
      const meeting = await startMeeting(nats.js, h.sim);
      await h.waitForEvent({ action: 'schedule_stop', outcome: 'scheduled' });
      h.sim.stopRtms(meeting.id);
      await forwardWebhook(nats.js, h.sim, 'meeting.rtms_stopped', meeting.uuid);
      const skipped = await h.waitForEvent({ action: 'stop', outcome: 'skipped' }, 8000);
      expect(skipped.message).toMatch(/^cancelled: rtms stopped \(stop_reason [A-Z_]+ \(\d+\): .+\)$/);
      expect(h.calls('stop')).toHaveLength(0);
    },
  );

  natsTest(
    'with RTMS_AUTO_START=false a meeting.started is acknowledged and nothing is called',
    async ({ nats }) => {
      const h = await startHarness(nats, { env: { RTMS_AUTO_START: 'false' } });
      await startMeeting(nats.js, h.sim);
      await waitFor(async () => {
        const info = await nats.jsm.consumers.info(Streams.webhooks, 'zoom-api');
        return info.delivered.stream_seq === 1 && info.num_ack_pending === 0;
      });
      expect(h.calls('start')).toHaveLength(0);
      expect(h.events()).toEqual([]);
    },
  );

  natsTest(
    'a meeting.started without a usable meeting id is dead-lettered, and the next one still works',
    async ({ nats }) => {
      const h = await startHarness(nats);
      const bad = { event: 'meeting.started', event_ts: 1, payload: { object: { id: 'abc', uuid: 'u==' } } };
      await nats.js.publish(Subjects.webhook('meeting.started'), JSON.stringify(bad));
      const meeting = await startMeeting(nats.js, h.sim);
      await waitFor(() => h.calls('start').length === 1);
      const letter = await waitFor(() =>
        nats.jsm.streams.getMessage(Streams.deadLetters, { seq: 1 }).then((m) => m ?? undefined),
      );
      expect(letter.json()).toMatchObject({
        consumer: 'zoom-api',
        subject: 'zoom.webhook.meeting.started',
        reason: "meeting.started payload.object.id is not a numeric meeting id: 'abc'",
      });
      expect(h.calls('start')[0]?.path).toContain(meeting.id);
    },
  );

  natsTest('a start Zoom rejects is reported with its code and no stop is scheduled', async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = h.sim.startMeeting();
    h.sim.startRtms(meeting.id); // already running: Zoom answers 400
    await forwardWebhook(nats.js, h.sim, 'meeting.started', meeting.uuid);
    const failed = await h.waitForEvent({ action: 'start', outcome: 'failed' });
    expect(failed).toMatchObject({
      meetingId: meeting.id,
      source: 'webhook',
      httpStatus: 400,
      zoomCode: 3000,
      message: 'RTMS app is already running.',
    });
    await waitFor(
      async () => (await nats.jsm.consumers.info(Streams.webhooks, 'zoom-api')).num_ack_pending === 0,
    );
    expect(h.calls('start')).toHaveLength(1);
    expect(h.events().filter((e) => e.action === 'schedule_stop')).toEqual([]);
  });
});
