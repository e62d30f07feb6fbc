import type { Logger } from 'pino';
import { z } from 'zod';
import { OAuthTokenError } from './errors.js';

/** Where Zoom calls get their bearer token. */
export interface TokenSource {
  /** A token valid for a while yet. */
  get(): Promise<string>;
  /** Zoom said 401 with this token: forget it (only if it is still the cached one). */
  invalidate(token: string): void;
  /** False for a static token: a 401 cannot be fixed by refreshing. */
  readonly refreshable: boolean;
}

export function staticTokenSource(token: string): TokenSource {
  return { get: async () => token, invalidate: () => undefined, refreshable: false };
}

export interface OAuthSettings {
  tokenUrl: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** Refresh this long before expiry (at most a tenth of the token's lifetime). */
  refreshMarginMs: number;
  timeoutMs: number;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  onFetch?: (outcome: 'ok' | 'rejected' | 'failed') => void;
}

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

/**
 * Server-to-Server OAuth (`grant_type=account_credentials`): the token is cached, refreshed shortly before it
 * expires (on the next use), and only one refresh is in flight at a time; concurrent callers share it.
 */
export class OAuthTokenSource implements TokenSource {
  readonly refreshable = true;
  private cached: { token: string; expiresAt: number; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  private readonly log: Logger;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly settings: OAuthSettings) {
    this.log = settings.logger.child({ component: 'oauth' });
    this.fetch = settings.fetch ?? globalThis.fetch;
    this.now = settings.now ?? Date.now;
  }

  async get(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async refresh(): Promise<string> {
    const { tokenUrl, accountId, clientId, clientSecret } = this.settings;
    const url = new URL(tokenUrl);
    url.searchParams.set('grant_type', 'account_credentials');
    url.searchParams.set('account_id', accountId);
    const started = this.now();
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          accept: 'application/json',
        },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (cause) {
      this.settings.onFetch?.('failed');
      this.log.warn({ tokenUrl, err: cause }, 'OAuth token endpoint unreachable');
      throw new OAuthTokenError(undefined, 'token endpoint unreachable', true, { cause });
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      const reason = errorReason(text) ?? res.statusText;
      const retriable = res.status >= 500 || res.status === 429;
      this.settings.onFetch?.(retriable ? 'failed' : 'rejected');
      this.log.error({ tokenUrl, status: res.status, reason }, 'OAuth token request failed');
      throw new OAuthTokenError(res.status, reason, retriable);
    }
    const parsed = TokenResponse.safeParse(safeJson(text));
    if (!parsed.success) {
      this.settings.onFetch?.('failed');
      this.log.error({ tokenUrl, status: res.status }, 'OAuth token response unreadable');
      throw new OAuthTokenError(res.status, 'token response without access_token/expires_in', true);
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(this.settings.refreshMarginMs, lifetimeMs / 10);
    this.cached = {
      token: parsed.data.access_token,
      expiresAt: started + lifetimeMs,
      refreshAt: started + lifetimeMs - margin,
    };
    this.settings.onFetch?.('ok');
    this.log.info({ expiresInSeconds: parsed.data.expires_in }, 'OAuth access token fetched');
    return parsed.data.access_token;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Zoom's OAuth errors look like `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`. */
function errorReason(text: string): string | undefined {
  const body = safeJson(text) as { reason?: unknown; error?: unknown; message?: unknown } | undefined;
  const parts = [body?.error, body?.reason ?? body?.message].filter((p) => typeof p === 'string');
  return parts.length > 0 ? parts.join(': ') : undefined;
}
