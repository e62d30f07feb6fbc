import { JetStreamApiError } from '@nats-io/jetstream';
import { type BackoffPolicy, retry } from '@rtms/retry';
import type { Logger } from 'pino';

// JetStream API errors a cluster gives while it settles (a meta leader being elected, peers not yet known,
// a stream leader moving): the same request succeeds a moment later.
const TRANSIENT_API_CODES = new Set([
  10008, // JetStream system temporarily unavailable (no meta leader)
  10005, // no suitable peers for placement (a freshly formed cluster does not know its peers yet)
]);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'NoRespondersError', 'JetStreamNotEnabled']);

/** True when `err`, or an error in its cause chain, is one a settling cluster gives. */
export function isTransientJetStreamError(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof JetStreamApiError && TRANSIENT_API_CODES.has(e.code)) return true;
    if (TRANSIENT_NAMES.has(e.name)) return true;
  }
  return false;
}

/** A cluster settling: 250 ms doubling to 2 s. */
const SETTLING_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 2000 };

/**
 * Runs a JetStream management step again while it fails transiently (doubling from 250 ms to 2 s), for at
 * most `forMs`; the last error is thrown. Provisioning at start-up uses it: a service that starts while its
 * cluster elects leaders waits instead of exiting.
 */
export async function retryTransient<T>(
  what: string,
  step: () => Promise<T>,
  log: Logger,
  forMs = 30_000,
): Promise<T> {
  return retry(step, {
    backoff: SETTLING_BACKOFF,
    maxElapsedMs: forMs,
    retryable: isTransientJetStreamError,
    onRetry: ({ err, attempt, delayMs }) =>
      log.warn({ err, resource: what, attempt, retryInMs: delayMs }, 'JetStream not ready yet, retrying'),
  });
}
