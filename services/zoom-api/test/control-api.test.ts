import { Svcm } from '@nats-io/services';
import { Services, Streams, ZoomApiEndpoints } from '@rtms/contracts';
import { natsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { control, startHarness } from './harness.js';

describe('zoom-api - control API', () => {
  natsTest(
    'is discoverable with $SRV.PING and $SRV.INFO, every endpoint on its contracts subject',
    async ({ nats }) => {
      const h = await startHarness(nats);
      const client = new Svcm(nats.nc).client();
      const pings = [];
      for await (const p of await client.ping(Services.zoomApi)) pings.push(p);
      expect(pings).toEqual([
        expect.objectContaining({ name: 'zoom-api', id: h.app.serviceId, version: '0.1.0' }),
      ]);
      const infos = [];
      for await (const i of await client.info(Services.zoomApi)) infos.push(i);
      const endpoints = Object.fromEntries((infos[0]?.endpoints ?? []).map((e) => [e.name, e.subject]));
      expect(endpoints).toEqual({
        start: ZoomApiEndpoints.start,
        stop: ZoomApiEndpoints.stop,
        pause: ZoomApiEndpoints.pause,
        resume: ZoomApiEndpoints.resume,
        'schedule-stop': ZoomApiEndpoints.scheduleStop,
        'cancel-stop': ZoomApiEndpoints.cancelStop,
      });
      const stats = [];
      for await (const s of await client.stats(Services.zoomApi)) stats.push(s);
      expect(stats).toHaveLength(1);
    },
  );

  natsTest('start, pause, resume and stop a meeting, each answered with Zoom status', async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = h.sim.startMeeting();
    for (const action of ['start', 'pause', 'resume', 'stop'] as const) {
      const answer = await control(nats.nc, ZoomApiEndpoints[action], {
        meetingId: Number(meeting.id),
        participantUserId: 'user-7',
      });
      expect(answer).toEqual({
        ok: true,
        reply: { ok: true, meetingId: meeting.id, action, httpStatus: 204 },
      });
      expect(h.calls(action)[0]?.body).toEqual({
        action,
        settings: { client_id: h.sim.credentials.clientId, participant_user_id: 'user-7' },
      });
    }
    const [streamId] = h.sim.meeting(meeting.id)?.streamIds ?? [];
    expect(h.sim.stream(streamId ?? '')?.state).toBe('stopped');
    expect(h.events().map((e) => `${e.action}:${e.outcome}:${e.source}`)).toEqual([
      'start:ok:api',
      'pause:ok:api',
      'resume:ok:api',
      'stop:ok:api',
    ]);
  });

  natsTest('invalid requests get 400 with what is wrong, and Zoom is not called', async ({ nats }) => {
    const h = await startHarness(nats);
    expect(await control(nats.nc, ZoomApiEndpoints.start, 'not json')).toEqual({
      ok: false,
      code: 400,
      description: 'invalid start request: body is not JSON',
    });
    expect(await control(nats.nc, ZoomApiEndpoints.stop, { meetingId: 'abc/def' })).toEqual({
      ok: false,
      code: 400,
      description: 'invalid stop request: meetingId: a numeric meeting id',
    });
    const missing = await control(nats.nc, ZoomApiEndpoints.scheduleStop, { meetingId: '1' });
    expect(missing).toMatchObject({ ok: false, code: 400 });
    expect(missing.ok === false && missing.description).toContain('delaySeconds');
    const tooLong = await control(nats.nc, ZoomApiEndpoints.scheduleStop, {
      meetingId: '1',
      delaySeconds: 90_000,
    });
    expect(tooLong).toMatchObject({ ok: false, code: 400 });
    // Only the start-up credentials check reached Zoom (its token endpoint).
    expect(h.sim.requests.filter((r) => r.path !== '/oauth/token')).toEqual([]);
  });

  natsTest("an action Zoom refuses in the meeting's state maps to Zoom's 400", async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = h.sim.startMeeting();
    expect(await control(nats.nc, ZoomApiEndpoints.resume, { meetingId: meeting.id })).toEqual({
      ok: false,
      code: 400,
      description: 'zoom 400 (3000 RTMS app is not paused.)',
    });
  });

  natsTest('schedule-stop fires on time; scheduling again replaces the pending stop', async ({ nats }) => {
    const h = await startHarness(nats, { env: { RTMS_SCHEDULE_RECHECK_SECONDS: '1' } });
    const meeting = h.sim.startMeeting();
    expect((await control(nats.nc, ZoomApiEndpoints.start, { meetingId: meeting.id })).ok).toBe(true);
    const first = await control(nats.nc, ZoomApiEndpoints.scheduleStop, {
      meetingId: meeting.id,
      delaySeconds: 60,
    });
    const second = await control(nats.nc, ZoomApiEndpoints.scheduleStop, {
      meetingId: meeting.id,
      delaySeconds: 1,
    });
    expect(first.ok && second.ok).toBe(true);
    const dueAt = second.ok ? (second.reply.dueAt ?? 0) : 0;
    expect(second).toMatchObject({ reply: { action: 'schedule_stop', meetingId: meeting.id } });
    const [stop] = await waitFor(() => h.calls('stop').length === 1 && h.calls('stop'), { timeoutMs: 5000 });
    expect((stop?.at ?? 0) - dueAt).toBeGreaterThanOrEqual(0);
    expect((stop?.at ?? 0) - dueAt).toBeLessThan(1000);
    // The superseded 60 s stop is dropped at its next check (every RTMS_SCHEDULE_RECHECK_SECONDS), not fired.
    await waitFor(async () => (await nats.jsm.streams.info(Streams.schedule)).state.messages === 0, {
      timeoutMs: 5000,
    });
    expect(h.events().filter((e) => e.outcome === 'skipped')).toMatchObject([
      { message: 'cancelled: superseded' },
    ]);
    expect(h.calls('stop')).toHaveLength(1);
  });

  natsTest('cancel-stop cancels a pending stop; with none pending it answers 404', async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = h.sim.startMeeting();
    expect(await control(nats.nc, ZoomApiEndpoints.cancelStop, { meetingId: meeting.id })).toEqual({
      ok: false,
      code: 404,
      description: `no pending delayed stop for meeting ${meeting.id}`,
    });
    await control(nats.nc, ZoomApiEndpoints.scheduleStop, { meetingId: meeting.id, delaySeconds: 1 });
    expect(await control(nats.nc, ZoomApiEndpoints.cancelStop, { meetingId: meeting.id })).toEqual({
      ok: true,
      reply: { ok: true, meetingId: meeting.id, action: 'cancel_stop' },
    });
    expect(await control(nats.nc, ZoomApiEndpoints.cancelStop, { meetingId: meeting.id })).toMatchObject({
      ok: false,
      code: 404,
    });
    await h.waitForEvent({ action: 'stop', outcome: 'skipped' }, 5000);
    expect(h.calls('stop')).toHaveLength(0);
  });
});
