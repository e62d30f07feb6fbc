import { createLogger } from '@rtms/logger';
import { describe, expect, it } from 'vitest';
import { OAuthTokenError } from './errors.js';
import { OAuthTokenSource, staticTokenSource } from './oauth-token.js';

const logger = createLogger({ service: 'test', level: 'silent' });

/** A token endpoint as a fetch function: answers from `reply`, records each request. */
function tokenEndpoint(reply: (n: number) => Response | Promise<Response>) {
  const requests: { url: string; authorization: string | null; method: string }[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    requests.push({
      url: String(input),
      authorization: new Headers(init?.headers).get('authorization'),
      method: init?.method ?? 'GET',
    });
    return reply(requests.length);
  }) as typeof fetch;
  return { requests, fetchFn };
}

const ok = (n: number, expiresIn = 3600) =>
  Response.json({ access_token: `token-${n}`, token_type: 'bearer', expires_in: expiresIn, scope: 'x' });

function source(fetchFn: typeof fetch, clock: { t: number }, outcomes: string[] = []) {
  return new OAuthTokenSource({
    tokenUrl: 'http://zoom.test/oauth/token',
    accountId: 'acc 1',
    clientId: 'cid',
    clientSecret: 'secret',
    refreshMarginMs: 300_000,
    timeoutMs: 1000,
    logger,
    fetch: fetchFn,
    now: () => clock.t,
    onFetch: (o) => outcomes.push(o),
  });
}

describe('oauth-token - OAuthTokenSource', () => {
  it('asks for an account_credentials token with Basic auth and caches it', async () => {
    const { requests, fetchFn } = tokenEndpoint((n) => ok(n));
    const clock = { t: 0 };
    const tokens = source(fetchFn, clock);
    expect(await tokens.get()).toBe('token-1');
    clock.t = 60_000;
    expect(await tokens.get()).toBe('token-1');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      url: 'http://zoom.test/oauth/token?grant_type=account_credentials&account_id=acc+1',
      authorization: `Basic ${Buffer.from('cid:secret').toString('base64')}`,
      method: 'POST',
    });
  });

  it('refreshes before expiry: margin, at most a tenth of the lifetime', async () => {
    const { fetchFn } = tokenEndpoint((n) => ok(n, n === 1 ? 3600 : 10));
    const clock = { t: 0 };
    const tokens = source(fetchFn, clock);
    await tokens.get();
    clock.t = 3_300_000 - 1;
    expect(await tokens.get()).toBe('token-1');
    clock.t = 3_300_000;
    expect(await tokens.get()).toBe('token-2'); // a 10 s token: refreshed 1 s before expiry, not 300 s
    clock.t += 8_999;
    expect(await tokens.get()).toBe('token-2');
    clock.t += 1;
    expect(await tokens.get()).toBe('token-3');
  });

  it('keeps one refresh in flight; concurrent callers share it', async () => {
    let release: (r: Response) => void = () => undefined;
    const { requests, fetchFn } = tokenEndpoint(() => new Promise<Response>((r) => (release = r)));
    const tokens = source(fetchFn, { t: 0 });
    const all = Promise.all(Array.from({ length: 5 }, () => tokens.get()));
    await Promise.resolve();
    release(ok(1));
    expect(await all).toEqual(Array(5).fill('token-1'));
    expect(requests).toHaveLength(1);
  });

  it('forgets a token Zoom rejected, but not a newer one', async () => {
    const { requests, fetchFn } = tokenEndpoint((n) => ok(n));
    const tokens = source(fetchFn, { t: 0 });
    const first = await tokens.get();
    tokens.invalidate(first);
    expect(await tokens.get()).toBe('token-2');
    tokens.invalidate(first); // a late 401 for the old token
    expect(await tokens.get()).toBe('token-2');
    expect(requests).toHaveLength(2);
  });

  it("reports rejected credentials (not retriable) with Zoom's reason", async () => {
    const outcomes: string[] = [];
    const { fetchFn } = tokenEndpoint(() =>
      Response.json(
        { reason: 'Invalid client_id or client_secret', error: 'invalid_client' },
        { status: 400 },
      ),
    );
    const err = await source(fetchFn, { t: 0 }, outcomes)
      .get()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthTokenError);
    expect(err).toMatchObject({ status: 400, retriable: false });
    expect((err as Error).message).toContain('invalid_client: Invalid client_id or client_secret');
    expect(outcomes).toEqual(['rejected']);
  });

  it('reports 5xx, unreadable answers and network errors as retriable', async () => {
    const outcomes: string[] = [];
    const answers = [
      () => new Response('busy', { status: 503 }),
      () => Response.json({ token_type: 'bearer' }),
      () => Promise.reject(new TypeError('fetch failed')),
      () => ok(4),
    ];
    const { fetchFn } = tokenEndpoint((n) => (answers[n - 1] as () => Response | Promise<Response>)());
    const tokens = source(fetchFn, { t: 0 }, outcomes);
    for (const status of [503, 200, undefined]) {
      const err = await tokens.get().catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'OAuthTokenError', retriable: true, status });
    }
    expect(await tokens.get()).toBe('token-4');
    expect(outcomes).toEqual(['failed', 'failed', 'failed', 'ok']);
  });
});

describe('oauth-token - staticTokenSource', () => {
  it('always gives the configured token and cannot refresh', async () => {
    const tokens = staticTokenSource('fixed');
    tokens.invalidate('fixed');
    expect(await tokens.get()).toBe('fixed');
    expect(tokens.refreshable).toBe(false);
  });
});
