import { setTimeout as sleepFor } from 'node:timers/promises';
import type { RtmsAction } from '@rtms/contracts';
import { backoffDelay } from '@rtms/retry';
import type { Logger } from 'pino';
import { OAuthTokenError, ZoomApiError, ZoomAuthError, ZoomUnavailableError } from './errors.js';
import { rtmsStatusUrl } from './meeting-path.js';
import type { ZoomApiMetrics } from './metrics.js';
import type { TokenSource } from './oauth-token.js';
import { classifyStatus, parseRetryAfter, type RetryPolicy } from './retry-policy.js';

export interface RtmsStatusCall {
  action: RtmsAction;
  meetingId: string;
  participantUserId?: string | undefined;
}

export interface RetryNotice {
  attempt: number;
  reason: 'rate_limited' | 'server_error' | 'network' | 'unauthorized' | 'token';
  status?: number;
  delayMs: number;
}

export interface ZoomCallResult {
  status: number;
  attempts: number;
}

export interface ZoomClientSettings {
  apiBaseUrl: string;
  rtmsClientId: string;
  tokens: TokenSource;
  retry: RetryPolicy;
  requestTimeoutMs: number;
  logger: Logger;
  metrics: ZoomApiMetrics;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

type Attempt =
  | { kind: 'ok'; status: number }
  | { kind: 'retry'; reason: RetryNotice['reason']; status?: number; delayMs?: number; cause?: unknown }
  | { kind: 'fail'; error: Error };

/**
 * `PATCH /live_meetings/{id}/rtms_app/status`. 2xx is success (Zoom answers 204, the sample expected 200).
 * 429 waits for Retry-After; 5xx, network errors and timeouts retry with backoff; a 401 refreshes the OAuth
 * token once and retries; other 4xx fail at once with Zoom's `code` and `message`.
 */
export class ZoomClient {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(private readonly settings: ZoomClientSettings) {
    this.fetch = settings.fetch ?? globalThis.fetch;
    this.now = settings.now ?? Date.now;
    this.random = settings.random ?? Math.random;
    this.sleep = settings.sleep ?? ((ms) => sleepFor(ms));
  }

  async updateRtmsStatus(
    call: RtmsStatusCall,
    onRetry: (notice: RetryNotice) => void = () => undefined,
  ): Promise<ZoomCallResult> {
    const { retry, tokens } = this.settings;
    let refreshedAfter401 = false;
    let lastStatus: number | undefined;
    let lastCause: unknown;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(call, attempt);
      if (outcome.kind === 'ok') return { status: outcome.status, attempts: attempt };
      if (outcome.kind === 'fail') throw outcome.error;
      lastStatus = outcome.status ?? lastStatus;
      lastCause = outcome.cause ?? lastCause;
      if (outcome.reason === 'unauthorized') {
        // A static token cannot be refreshed, and a fresh token that still gets 401 will not get better.
        if (!tokens.refreshable || refreshedAfter401) throw outcome.cause;
        refreshedAfter401 = true;
        this.noteRetry(
          call,
          { attempt, reason: outcome.reason, status: 401, delayMs: 0 },
          lastCause,
          onRetry,
        );
        attempt -= 1; // the refresh-and-retry does not use up an attempt
        continue;
      }
      if (attempt >= retry.maxAttempts) {
        if (outcome.reason === 'rate_limited') throw outcome.cause;
        throw new ZoomUnavailableError(call.action, call.meetingId, attempt, lastStatus, {
          cause: lastCause,
        });
      }
      const delayMs = outcome.delayMs ?? backoffDelay(retry.backoff, attempt, this.random);
      const status = outcome.status ? { status: outcome.status } : {};
      this.noteRetry(call, { attempt, reason: outcome.reason, delayMs, ...status }, outcome.cause, onRetry);
      await this.sleep(delayMs);
    }
  }

  private noteRetry(
    call: RtmsStatusCall,
    notice: RetryNotice,
    cause: unknown,
    onRetry: (notice: RetryNotice) => void,
  ): void {
    this.settings.metrics.retries.inc({ action: call.action, reason: notice.reason });
    const zoom =
      cause instanceof ZoomApiError
        ? { zoomCode: cause.zoomCode, zoomMessage: cause.zoomMessage }
        : { err: cause };
    this.settings.logger.warn(
      { meetingId: call.meetingId, action: call.action, ...notice, ...zoom },
      'Zoom call failed; retrying',
    );
    onRetry(notice);
  }

  private async attempt(call: RtmsStatusCall, attempt: number): Promise<Attempt> {
    const { tokens, metrics } = this.settings;
    let token: string;
    try {
      token = await tokens.get();
    } catch (cause) {
      if (cause instanceof OAuthTokenError && cause.retriable)
        return { kind: 'retry', reason: 'token', ...(cause.status ? { status: cause.status } : {}), cause };
      return { kind: 'fail', error: new ZoomAuthError(call.action, call.meetingId, { cause }) };
    }
    const settings: Record<string, string> = { client_id: this.settings.rtmsClientId };
    if (call.participantUserId) settings.participant_user_id = call.participantUserId;
    const end = metrics.requestSeconds.startTimer({ action: call.action });
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(rtmsStatusUrl(this.settings.apiBaseUrl, call.meetingId), {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ action: call.action, settings }),
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
      });
      text = await res.text();
    } catch (cause) {
      const timeout = cause instanceof Error && cause.name === 'TimeoutError';
      metrics.requests.inc({ action: call.action, status: timeout ? 'timeout' : 'network' });
      return { kind: 'retry', reason: 'network', cause };
    } finally {
      end();
    }
    metrics.requests.inc({ action: call.action, status: String(res.status) });
    const kind = classifyStatus(res.status);
    if (kind === 'ok') return { kind: 'ok', status: res.status };
    const error = zoomError(call, res.status, text, attempt);
    switch (kind) {
      case 'unauthorized':
        tokens.invalidate(token);
        return { kind: 'retry', reason: 'unauthorized', status: res.status, cause: error };
      case 'rate-limited': {
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'), this.now());
        if (retryAfter !== undefined && retryAfter > this.settings.retry.maxRetryAfterMs)
          return { kind: 'fail', error };
        const wait = retryAfter !== undefined ? { delayMs: retryAfter } : {};
        return { kind: 'retry', reason: 'rate_limited', status: res.status, cause: error, ...wait };
      }
      case 'server-error':
        return { kind: 'retry', reason: 'server_error', status: res.status, cause: error };
      default:
        return { kind: 'fail', error };
    }
  }
}

/** Zoom's error bodies are `{"code":3001,"message":"Meeting does not exist: 123."}`. */
function zoomError(call: RtmsStatusCall, status: number, text: string, attempts: number): ZoomApiError {
  let code: number | string | undefined;
  let message: string | undefined;
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'number' || typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    if (text) message = text.slice(0, 200);
  }
  return new ZoomApiError({
    action: call.action,
    meetingId: call.meetingId,
    status,
    zoomCode: code,
    zoomMessage: message,
    attempts,
  });
}
