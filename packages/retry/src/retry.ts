// Run an async step until it succeeds, waiting backoffDelay() between attempts. The caller decides which
// errors are worth another attempt, how many attempts, for how long, and whether an abort ends it.
import { setTimeout as sleepFor } from 'node:timers/promises';
import { type BackoffPolicy, backoffDelay } from './backoff.js';

export interface FailedAttempt {
  /** The attempt that failed (1-based). */
  attempt: number;
  err: unknown;
  /** The wait before the next attempt. */
  delayMs: number;
}

export interface RetryOptions {
  backoff: BackoffPolicy;
  /** Attempts in all, the first included (default: no limit). */
  maxAttempts?: number;
  /** Give up instead of waiting when the next attempt would start later than this after the first one. */
  maxElapsedMs?: number;
  /** Whether a failed attempt is worth another (default: every error is). */
  retryable?: (err: unknown, attempt: number) => boolean;
  /** Called before each wait (a log line, a metric). */
  onRetry?: (notice: FailedAttempt) => void;
  /** Ends the retries: the wait is cut short and the last error thrown. */
  signal?: AbortSignal;
  /** Injected by tests: [0, 1). */
  random?: () => number;
  /** Injected by tests; rejects or resolves early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
  /** Injected by tests: epoch ms. */
  now?: () => number;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  sleepFor(ms, undefined, signal ? { signal } : {}).catch(() => undefined);

/**
 * Calls `step(attempt)` until it resolves. A failure that is not retryable, the last allowed attempt, a wait
 * that would pass `maxElapsedMs`, or an abort throws the error of the last attempt, unchanged.
 */
export async function retry<T>(step: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const started = now();
  const deadline = options.maxElapsedMs === undefined ? Infinity : started + options.maxElapsedMs;
  const maxAttempts = options.maxAttempts ?? Infinity;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (err) {
      if (options.signal?.aborted || attempt >= maxAttempts) throw err;
      if (options.retryable && !options.retryable(err, attempt)) throw err;
      const delayMs = backoffDelay(options.backoff, attempt, options.random);
      if (now() + delayMs > deadline) throw err;
      options.onRetry?.({ attempt, err, delayMs });
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw err;
    }
  }
}
