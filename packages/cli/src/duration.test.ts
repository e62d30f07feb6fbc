import { describe, expect, it } from 'vitest';
import { formatAge, parseDuration } from './duration.js';

describe('duration', () => {
  it('duration - parses the units people type, a bare number is seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1.5')).toBe(1500);
  });

  it('duration - a wrong value is an error that says what to type', () => {
    expect(() => parseDuration('soon')).toThrow(/not a duration: use e.g. 30s, 10m/);
    expect(() => parseDuration('-1m')).toThrow(/not a duration/);
  });

  it('duration - ages read as seconds, minutes, hours, days', () => {
    expect(formatAge(4_200)).toBe('4s');
    expect(formatAge(125_000)).toBe('2m05s');
    expect(formatAge(3_720_000)).toBe('1h02m');
    expect(formatAge(3 * 86_400_000)).toBe('3d');
  });
});
