// When to retry a Zoom call and how long to wait: the backoff policy (@rtms/retry) for 5xx and network errors,
// Zoom's Retry-After for 429.
import type { BackoffPolicy } from '@rtms/retry';

export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Waits between attempts on 5xx and network errors (Zoom's callers: doubling, equal jitter). */
  backoff: BackoffPolicy;
  /** A 429 asking to wait longer than this fails at once. */
  maxRetryAfterMs: number;
}

/**
 * Retry-After in ms: either delta-seconds (`120`) or an HTTP date. Undefined when absent or unreadable.
 * A date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its day and month ("Thu, 01 Jan 2026 00:00:03 GMT"); Date.parse alone takes '-1'.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export type StatusClass = 'ok' | 'unauthorized' | 'rate-limited' | 'server-error' | 'client-error';

export function classifyStatus(status: number): StatusClass {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  return 'client-error';
}
