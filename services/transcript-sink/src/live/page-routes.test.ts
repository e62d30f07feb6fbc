import { describe, expect, it } from 'vitest';
import { parseLastEventId } from './page-routes.js';

describe('live page - Last-Event-ID', () => {
  it('reads a stream sequence and ignores anything else', () => {
    expect(parseLastEventId('42')).toBe(42);
    expect(parseLastEventId(['7', '8'])).toBe(7);
    for (const bad of [undefined, '', '0', '-1', 'abc', '1e9', '12345678901234567890']) {
      expect(parseLastEventId(bad), String(bad)).toBeUndefined();
    }
  });
});
