import { waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';

let sim: ZoomSimulator;

beforeAll(async () => {
  sim = await startZoomSimulator({ seed: 'rest-tests', webhookUrl: null });
});
afterAll(async () => {
  await sim.close();
});

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(): Promise<string> {
  const { clientId, clientSecret, accountId } = sim.credentials;
  const res = await fetch(`${sim.oauthUrl}?grant_type=account_credentials&account_id=${accountId}`, {
    method: 'POST',
    headers: { authorization: basic(clientId, clientSecret) },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function patchStatus(meetingId: string, body: unknown, bearer?: string) {
  return fetch(`${sim.restBaseUrl}/live_meetings/${encodeURIComponent(meetingId)}/rtms_app/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('oauth - account credentials', () => {
  it('oauth - issues a bearer token valid for 3600 s', async () => {
    const { clientId, clientSecret, accountId } = sim.credentials;
    const res = await fetch(`${sim.oauthUrl}?grant_type=account_credentials&account_id=${accountId}`, {
      method: 'POST',
      headers: { authorization: basic(clientId, clientSecret) },
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(typeof body.access_token).toBe('string');
  });

  it('oauth - rejects wrong credentials with 401 and Zoom-style JSON', async () => {
    const res = await fetch(`${sim.oauthUrl}?grant_type=account_credentials&account_id=x`, {
      method: 'POST',
      headers: { authorization: basic(sim.credentials.clientId, 'wrong') },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      reason: 'Invalid client_id or client_secret',
      error: 'invalid_client',
    });
  });

  it('oauth - rejects other grant types and accounts', async () => {
    const { clientId, clientSecret } = sim.credentials;
    const auth = { authorization: basic(clientId, clientSecret) };
    const grant = await fetch(`${sim.oauthUrl}?grant_type=client_credentials`, {
      method: 'POST',
      headers: auth,
    });
    expect(grant.status).toBe(400);
    const account = await fetch(`${sim.oauthUrl}?grant_type=account_credentials&account_id=nope`, {
      method: 'POST',
      headers: auth,
    });
    expect(account.status).toBe(400);
  });
});

describe('rest - rtms_app/status', () => {
  it('rest - start, pause, resume and stop a live meeting', async () => {
    const meeting = sim.startMeeting({ topic: 'rest flow' });
    const bearer = await token();
    const settings = { client_id: sim.credentials.clientId };
    const start = await patchStatus(meeting.id, { action: 'start', settings }, bearer);
    expect(start.status).toBe(204);
    expect(await start.text()).toBe('');
    const streamId = sim.meeting(meeting.id)?.streamIds[0];
    expect(streamId).toBeDefined();
    expect(sim.webhooks.map((w) => w.event)).toContain('meeting.rtms_started');
    expect((await patchStatus(meeting.id, { action: 'start', settings }, bearer)).status).toBe(400);
    expect((await patchStatus(meeting.id, { action: 'pause', settings }, bearer)).status).toBe(204);
    expect(sim.stream(streamId as string)?.state).toBe('paused');
    expect((await patchStatus(meeting.id, { action: 'resume', settings }, bearer)).status).toBe(204);
    expect((await patchStatus(meeting.id, { action: 'stop', settings }, bearer)).status).toBe(204);
    expect(sim.stream(streamId as string)).toMatchObject({ state: 'stopped', stopReason: 2 });
    const stopped = sim.webhooks.find((w) => w.event === 'meeting.rtms_stopped');
    expect(stopped?.envelope.payload).toEqual({
      meeting_uuid: meeting.uuid,
      rtms_stream_id: streamId,
      stop_reason: 2,
    });
    const logged = sim.requests.filter((r) => r.method === 'PATCH');
    expect(logged.at(-1)).toMatchObject({ status: 204, body: { action: 'stop', settings } });
  });

  it('rest - checks bearer token, meeting, liveness, client id and body', async () => {
    const meeting = sim.startMeeting();
    const bearer = await token();
    const ok = { action: 'start', settings: { client_id: sim.credentials.clientId } };
    const noAuth = await patchStatus(meeting.id, ok);
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toEqual({ code: 124, message: 'Invalid access token.' });
    expect((await patchStatus(meeting.id, ok, 'made-up')).status).toBe(401);
    const missing = await patchStatus('12345678901', ok, bearer);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 3001 });
    const wrongClient = await patchStatus(
      meeting.id,
      { action: 'start', settings: { client_id: 'other' } },
      bearer,
    );
    expect(wrongClient.status).toBe(400);
    const badAction = await patchStatus(meeting.id, { action: 'launch', settings: ok.settings }, bearer);
    expect(badAction.status).toBe(400);
    expect(await badAction.json()).toMatchObject({ code: 300 });
    const badJson = await patchStatus(meeting.id, '{nope', bearer);
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ code: 300 });
    sim.endMeeting(meeting.id);
    const ended = await patchStatus(meeting.id, ok, bearer);
    expect(ended.status).toBe(400);
    expect(await ended.json()).toMatchObject({ code: 3000, message: 'Meeting is not in progress.' });
  });

  it('rest - finds meetings by double-encoded uuid too', async () => {
    const meeting = sim.startMeeting({ uuid: '/abc//def==' });
    const bearer = await token();
    const path = encodeURIComponent(encodeURIComponent(meeting.uuid));
    const res = await fetch(`${sim.restBaseUrl}/live_meetings/${path}/rtms_app/status`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ action: 'start', settings: { client_id: sim.credentials.clientId } }),
    });
    expect(res.status).toBe(204);
  });

  it('rest - expired tokens get 401', async () => {
    const meeting = sim.startMeeting();
    const bearer = await token();
    sim.expireTokens();
    const res = await patchStatus(
      meeting.id,
      { action: 'start', settings: { client_id: sim.credentials.clientId } },
      bearer,
    );
    expect(res.status).toBe(401);
  });
});

describe('rest - faults', () => {
  it('faults - 429 with Retry-After, then 5xx, then success', async () => {
    const meeting = sim.startMeeting();
    const bearer = await token();
    const body = { action: 'start', settings: { client_id: sim.credentials.clientId } };
    sim.injectFault({ status: 429, retryAfterSec: 2 });
    sim.injectFault({ status: 503 });
    const limited = await patchStatus(meeting.id, body, bearer);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toMatchObject({ code: 429 });
    expect((await patchStatus(meeting.id, body, bearer)).status).toBe(503);
    expect((await patchStatus(meeting.id, body, bearer)).status).toBe(204);
  });

  it('faults - oauth faults and latency, via the control API', async () => {
    const add = await fetch(`${sim.url}/sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: 'oauth', status: 500, latencyMs: 50 }),
    });
    expect(add.status).toBe(204);
    const { clientId, clientSecret, accountId } = sim.credentials;
    const res = await fetch(`${sim.oauthUrl}?grant_type=account_credentials&account_id=${accountId}`, {
      method: 'POST',
      headers: { authorization: basic(clientId, clientSecret) },
    });
    expect(res.status).toBe(500);
    expect(typeof (await token())).toBe('string');
  });

  it('control - starts meetings over HTTP and reports state', async () => {
    const res = await fetch(`${sim.url}/sim/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 2, topic: 'over http', autoRtms: true }),
    });
    expect(res.status).toBe(201);
    const meetings = (await res.json()) as { id: string; streamIds: string[] }[];
    expect(meetings).toHaveLength(2);
    expect(meetings[0]?.streamIds).toHaveLength(1);
    const bad = await fetch(`${sim.url}/sim/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 'two' }),
    });
    expect(bad.status).toBe(400);
    const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as { streams: { id: string }[] };
    await waitFor(() => state.streams.some((s) => s.id === meetings[0]?.streamIds[0]));
    const unknown = await fetch(`${sim.url}/sim/streams/nope/stop`, { method: 'POST' });
    expect(unknown.status).toBe(404);
  });
});
