import { describe, expect, it } from 'vitest';
import { tokenMatches } from './access-token.js';

describe('access-token - token comparison', () => {
  it('accepts only the exact token, whatever the length of a wrong one', () => {
    const token = 'a-long-page-token-0123456789';
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, `${token}x`)).toBe(false);
    expect(tokenMatches(token, token.toUpperCase())).toBe(false);
  });
});
