// @rtms/retry: the repository's one backoff formula and retry loop; each caller passes its own policy.

export type { BackoffPolicy } from './backoff.js';
export { backoffDelay } from './backoff.js';
export { retry } from './retry.js';
