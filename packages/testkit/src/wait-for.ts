import { setTimeout as sleep } from 'node:timers/promises';

class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}`, options);
    this.name = 'WaitTimeoutError';
  }
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Described in the timeout error. */
  what?: string;
}

/**
 * Polls `check` until it returns a value other than undefined/false (returned), or throws when the deadline
 * passes. The last error thrown by `check` becomes the timeout's cause. Use instead of sleeps.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<Exclude<T, undefined | false>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(
        options.what ?? 'condition',
        timeoutMs,
        lastError ? { cause: lastError } : undefined,
      );
    }
    await sleep(intervalMs);
  }
}
