import { createLogger } from '@rtms/logger';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { OAuthTokenError, ZoomApiError, ZoomAuthError, ZoomUnavailableError } from './errors.js';
import { createZoomApiMetrics } from './metrics.js';
import type { TokenSource } from './oauth-token.js';
import type { RetryNotice } from './zoom-client.js';
import { ZoomClient } from './zoom-client.js';

const logger = createLogger({ service: 'test', level: 'silent' });

type Answer = Response | Error;

/** Zoom as a script of answers; records every request and every backoff sleep (no real waiting). */
function zoom(answers: Answer[], tokens: TokenSource = countingTokens()) {
  const requests: { method: string; url: string; authorization: string | null; body: unknown }[] = [];
  const sleeps: number[] = [];
  const notices: RetryNotice[] = [];
  const registry = new Registry();
  const client = new ZoomClient({
    apiBaseUrl: 'http://zoom.test/v2',
    rtmsClientId: 'rtms-app',
    tokens,
    retry: {
      maxAttempts: 3,
      backoff: { baseMs: 100, maxMs: 1000, jitter: 'equal' },
      maxRetryAfterMs: 5000,
    },
    requestTimeoutMs: 1000,
    logger,
    metrics: createZoomApiMetrics(registry, async () => 0),
    random: () => 1,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    sleep: async (ms) => void sleeps.push(ms),
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({
        method: init?.method ?? 'GET',
        url: String(input),
        authorization: new Headers(init?.headers).get('authorization'),
        body: JSON.parse(String(init?.body)),
      });
      const answer = answers[requests.length - 1] ?? new Response(null, { status: 204 });
      if (answer instanceof Error) throw answer;
      return answer;
    }) as typeof fetch,
  });
  const call = (action: 'start' | 'stop' = 'start', participantUserId?: string) =>
    client.updateRtmsStatus({ action, meetingId: '123', participantUserId }, (n) => notices.push(n));
  const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return { call, requests, sleeps, notices, metric };
}

/** OAuth-like tokens: token-1, token-2… a new one after each invalidate. */
function countingTokens(refreshable = true): TokenSource & { issued: number } {
  let current = 1;
  return {
    refreshable,
    issued: 1,
    get: async () => `token-${current}`,
    invalidate(token) {
      if (token === `token-${current}`) {
        current += 1;
        this.issued = current;
      }
    },
  };
}

const status = (code: number, body?: unknown, headers?: Record<string, string>) =>
  body === undefined
    ? new Response(null, { status: code, headers })
    : Response.json(body, { status: code, headers });

describe('zoom-client - updateRtmsStatus', () => {
  it('PATCHes the status path with the action, client_id and bearer token; 2xx is success', async () => {
    const z = zoom([status(204)]);
    expect(await z.call('start', 'user-9')).toEqual({ status: 204, attempts: 1 });
    expect(z.requests).toEqual([
      {
        method: 'PATCH',
        url: 'http://zoom.test/v2/live_meetings/123/rtms_app/status',
        authorization: 'Bearer token-1',
        body: { action: 'start', settings: { client_id: 'rtms-app', participant_user_id: 'user-9' } },
      },
    ]);
    expect(await z.metric('zoom_api_requests_total')).toMatchObject([
      { labels: { action: 'start', status: '204' }, value: 1 },
    ]);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    const z = zoom([
      status(429, { code: 429, message: 'Too many requests' }, { 'retry-after': '2' }),
      status(202),
    ]);
    expect(await z.call('stop')).toEqual({ status: 202, attempts: 2 });
    expect(z.sleeps).toEqual([2000]);
    expect(z.notices).toEqual([{ attempt: 1, reason: 'rate_limited', status: 429, delayMs: 2000 }]);
  });

  it('fails at once on a 429 asking to wait longer than allowed; after the last attempt otherwise', async () => {
    const long = zoom([status(429, { code: 429, message: 'daily limit' }, { 'retry-after': '3600' })]);
    const err = await long.call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZoomApiError);
    expect(err).toMatchObject({ status: 429, zoomMessage: 'daily limit', attempts: 1 });
    expect(long.sleeps).toEqual([]);

    const always = zoom([status(429), status(429), status(429)]);
    expect(await always.call().catch((e: unknown) => e)).toMatchObject({ name: 'ZoomApiError', status: 429 });
    expect(always.sleeps).toEqual([100, 200]); // no Retry-After: backoff
  });

  it('retries 5xx and network errors with capped exponential backoff', async () => {
    const z = zoom([status(503), new TypeError('fetch failed'), status(204)]);
    expect(await z.call()).toEqual({ status: 204, attempts: 3 });
    expect(z.sleeps).toEqual([100, 200]);
    expect(z.notices.map((n) => n.reason)).toEqual(['server_error', 'network']);
    expect(await z.metric('zoom_api_retries_total')).toMatchObject([
      { labels: { action: 'start', reason: 'server_error' }, value: 1 },
      { labels: { action: 'start', reason: 'network' }, value: 1 },
    ]);
  });

  it('gives up after the last attempt with ZoomUnavailableError and the last status', async () => {
    const z = zoom([status(500), status(502), status(503)]);
    const err = await z.call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZoomUnavailableError);
    expect(err).toMatchObject({ attempts: 3, lastStatus: 503 });
    expect(z.requests).toHaveLength(3);
  });

  it('on 401 refreshes the token once and retries at once, without using up an attempt', async () => {
    const tokens = countingTokens();
    const z = zoom([status(401, { code: 124, message: 'Invalid access token.' }), status(204)], tokens);
    expect(await z.call()).toEqual({ status: 204, attempts: 1 });
    expect(z.requests.map((r) => r.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(z.sleeps).toEqual([]);
    expect(z.notices).toEqual([{ attempt: 1, reason: 'unauthorized', status: 401, delayMs: 0 }]);
  });

  it('a second 401, or a 401 with a static token, is an error', async () => {
    const twice = zoom([status(401, { code: 124, message: 'Invalid access token.' }), status(401)]);
    expect(await twice.call().catch((e: unknown) => e)).toMatchObject({ name: 'ZoomApiError', status: 401 });
    expect(twice.requests).toHaveLength(2);

    const fixed = zoom([status(401, { code: 124, message: 'Invalid access token.' })], countingTokens(false));
    const err = await fixed.call().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ZoomApiError', status: 401, zoomCode: 124 });
    expect(fixed.requests).toHaveLength(1);
  });

  it("does not retry other 4xx, and keeps Zoom's code and message", async () => {
    const z = zoom([status(404, { code: 3001, message: 'Meeting does not exist: 123.' })]);
    const err = await z.call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZoomApiError);
    expect(err).toMatchObject({ status: 404, zoomCode: 3001, zoomMessage: 'Meeting does not exist: 123.' });
    expect((err as Error).message).toBe(
      'zoom answered 404 to start for meeting 123: 3001 Meeting does not exist: 123.',
    );
    expect(z.requests).toHaveLength(1);
  });

  it('keeps a non-JSON error body as the message', async () => {
    const z = zoom([new Response('<html>bad gateway</html>', { status: 400 })]);
    expect(await z.call().catch((e: unknown) => e)).toMatchObject({
      zoomMessage: '<html>bad gateway</html>',
    });
  });

  it('turns rejected credentials into ZoomAuthError and retries a token endpoint outage', async () => {
    const rejected: TokenSource = {
      refreshable: true,
      invalidate: () => undefined,
      get: async () => {
        throw new OAuthTokenError(401, 'invalid_client', false);
      },
    };
    expect(
      await zoom([], rejected)
        .call()
        .catch((e: unknown) => e),
    ).toBeInstanceOf(ZoomAuthError);

    let calls = 0;
    const flaky: TokenSource = {
      refreshable: true,
      invalidate: () => undefined,
      get: async () => {
        calls += 1;
        if (calls === 1) throw new OAuthTokenError(503, 'busy', true);
        return 'token-x';
      },
    };
    const z = zoom([status(204)], flaky);
    expect(await z.call()).toEqual({ status: 204, attempts: 2 });
    expect(z.notices.map((n) => n.reason)).toEqual(['token']);
  });
});
