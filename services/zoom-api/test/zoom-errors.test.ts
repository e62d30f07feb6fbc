import { ZoomApiEndpoints } from '@rtms/contracts';
import { natsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { control, startHarness, startSim } from './harness.js';

// Zoom's error answers, injected by the simulator; each call goes through the control API, so the caller's
// view (reply or service error) is checked too.

describe('zoom-api - Zoom errors', () => {
  natsTest('429: waits for Retry-After, then succeeds', async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = h.sim.startMeeting();
    h.sim.injectFault({ status: 429, retryAfterSec: 1 });
    const answer = await control(nats.nc, ZoomApiEndpoints.start, { meetingId: meeting.id });
    expect(answer).toEqual({
      ok: true,
      reply: { ok: true, meetingId: meeting.id, action: 'start', httpStatus: 204 },
    });
    const [first, second] = h.calls('start');
    expect([first?.status, second?.status]).toEqual([429, 204]);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(h.events().map((e) => `${e.outcome}:${e.httpStatus}`)).toEqual(['retrying:429', 'ok:204']);
    expect(h.events()[0]?.message).toBe('rate_limited; next attempt in 1000 ms');
  });

  natsTest('5xx: retried with backoff until it succeeds', async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = h.sim.startMeeting();
    h.sim.injectFault({ status: 503, times: 2 });
    const answer = await control(nats.nc, ZoomApiEndpoints.start, { meetingId: meeting.id });
    expect(answer.ok).toBe(true);
    expect(h.calls('start').map((c) => c.status)).toEqual([503, 503, 204]);
    expect(h.events().map((e) => `${e.outcome}:${e.attempt}`)).toEqual(['retrying:1', 'retrying:2', 'ok:3']);
  });

  natsTest('5xx on every attempt: 503 to the caller, a failed event, no more calls', async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = h.sim.startMeeting();
    h.sim.injectFault({ status: 500, persistent: true });
    const answer = await control(nats.nc, ZoomApiEndpoints.start, { meetingId: meeting.id });
    expect(answer).toMatchObject({ ok: false, code: 503 });
    expect(answer.ok === false && answer.description).toContain('after 3 attempt(s) (last status 500)');
    expect(h.calls('start')).toHaveLength(3);
    await h.waitForEvent({ action: 'start', outcome: 'failed', httpStatus: 500, attempt: 3 });
  });

  natsTest('Zoom unreachable (network error): 503 after the retries', async ({ nats }) => {
    const sim = await startSim();
    const h = await startHarness(nats, {
      sharedSim: sim,
      env: { ZOOM_API_BASE_URL: 'http://127.0.0.1:1/v2' },
    });
    const answer = await control(nats.nc, ZoomApiEndpoints.stop, { meetingId: '123' });
    expect(answer).toMatchObject({ ok: false, code: 503 });
    expect(h.events().filter((e) => e.outcome === 'retrying')).toHaveLength(2);
  });

  natsTest('401 (token expired at Zoom): one refresh and one retry, then ok', async ({ nats }) => {
    const h = await startHarness(nats);
    const meeting = h.sim.startMeeting();
    expect((await control(nats.nc, ZoomApiEndpoints.start, { meetingId: meeting.id })).ok).toBe(true);
    h.sim.expireTokens();
    expect((await control(nats.nc, ZoomApiEndpoints.pause, { meetingId: meeting.id })).ok).toBe(true);
    const pauses = h.calls('pause');
    expect(pauses.map((c) => c.status)).toEqual([401, 204]);
    expect(pauses[0]?.authorization).not.toBe(pauses[1]?.authorization);
    expect(h.oauthCalls()).toHaveLength(2);
    expect(
      h
        .events()
        .filter((e) => e.action === 'pause')
        .map((e) => `${e.outcome}:${e.httpStatus}`),
    ).toEqual(['retrying:401', 'ok:204']);
  });

  natsTest('a token about to expire is refreshed before use, without a 401', async ({ nats }) => {
    const h = await startHarness(nats, { sim: { tokenTtlSec: 1 } });
    const meeting = h.sim.startMeeting();
    expect((await control(nats.nc, ZoomApiEndpoints.start, { meetingId: meeting.id })).ok).toBe(true);
    const firstTokenAt = h.oauthCalls()[0]?.at ?? 0;
    await waitFor(() => Date.now() > firstTokenAt + 1000, {
      what: 'the first token to expire',
      timeoutMs: 3000,
    });
    expect((await control(nats.nc, ZoomApiEndpoints.stop, { meetingId: meeting.id })).ok).toBe(true);
    expect(h.oauthCalls()).toHaveLength(2);
    expect(h.sim.requests.filter((r) => r.status === 401)).toEqual([]);
  });

  natsTest("4xx: not retried; the caller gets Zoom's status with its code and message", async ({ nats }) => {
    const h = await startHarness(nats);
    const answer = await control(nats.nc, ZoomApiEndpoints.start, { meetingId: '99999999999' });
    expect(answer).toEqual({
      ok: false,
      code: 404,
      description: 'zoom 404 (3001 Meeting does not exist: 99999999999.)',
    });
    expect(h.calls('start')).toHaveLength(1);
    const failed = await h.waitForEvent({ action: 'start', outcome: 'failed' });
    expect(failed).toMatchObject({ source: 'api', httpStatus: 404, zoomCode: 3001, attempt: 1 });
  });

  natsTest(
    'rejected credentials: 502 with a public message only; the reason is in the log',
    async ({ nats }) => {
      const h = await startHarness(nats, { env: { ZOOM_CLIENT_SECRET: 'wrong' } });
      const answer = await control(nats.nc, ZoomApiEndpoints.start, { meetingId: '123' });
      expect(answer).toEqual({
        ok: false,
        code: 502,
        description: "zoom rejected zoom-api's credentials; see the zoom-api log",
      });
      expect(h.calls('start')).toHaveLength(0);
    },
  );
});
