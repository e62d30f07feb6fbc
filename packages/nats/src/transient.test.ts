import { JetStreamApiError } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { isTransientJetStreamError } from './transient.js';

const apiError = (code: number) =>
  new JetStreamApiError({ err_code: code, code: 503, description: `code ${code}` });

describe('nats - isTransientJetStreamError', () => {
  it('knows the errors of a cluster that is still settling, also as a cause', () => {
    expect(isTransientJetStreamError(apiError(10008))).toBe(true);
    expect(isTransientJetStreamError(new Error('wrapped', { cause: apiError(10005) }))).toBe(true);
    const timeout = new Error('timeout');
    timeout.name = 'TimeoutError';
    expect(isTransientJetStreamError(timeout)).toBe(true);
  });

  it('does not retry errors that will not change (bad config, not clustered)', () => {
    expect(isTransientJetStreamError(apiError(10058))).toBe(false);
    expect(isTransientJetStreamError(apiError(10074))).toBe(false);
    expect(isTransientJetStreamError(new Error('retention/storage differ'))).toBe(false);
    expect(isTransientJetStreamError('text')).toBe(false);
  });
});
