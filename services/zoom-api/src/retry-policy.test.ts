import { describe, expect, it } from 'vitest';
import { classifyStatus, parseRetryAfter } from './retry-policy.js';

describe('retry-policy - parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP date; a past date means now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('is undefined when absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

describe('retry-policy - classifyStatus', () => {
  it('sorts statuses into what the client does with them', () => {
    expect([200, 202, 204].map(classifyStatus)).toEqual(['ok', 'ok', 'ok']);
    expect(classifyStatus(401)).toBe('unauthorized');
    expect(classifyStatus(429)).toBe('rate-limited');
    expect([500, 502, 503].map(classifyStatus)).toEqual(['server-error', 'server-error', 'server-error']);
    expect([400, 403, 404, 409].map(classifyStatus)).toEqual([
      'client-error',
      'client-error',
      'client-error',
      'client-error',
    ]);
  });
});
