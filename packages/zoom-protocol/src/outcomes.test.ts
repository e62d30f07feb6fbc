import { describe, expect, it } from 'vitest';
import {
  CloseCode,
  describeCloseCode,
  describeRestError,
  describeStatusCode,
  describeStopReason,
  StatusCode,
  StopReason,
} from './index.js';

describe('outcomes - readable Zoom outcomes', () => {
  it('names and explains every stop reason the protocol defines', () => {
    for (const [name, code] of Object.entries(StopReason)) {
      const d = describeStopReason(code);
      expect(d.name).toBe(name);
      expect(d.meaning.length).toBeGreaterThan(5);
      expect(d.text).toBe(`${name} (${code}): ${d.meaning}`);
    }
    expect(describeStopReason(18).meaning).toContain('ZOOM_CLIENT_SECRET');
  });

  it('names and explains every status code and close code', () => {
    for (const [name, code] of Object.entries(StatusCode)) {
      expect(describeStatusCode(code)).toMatchObject({ code, name });
      expect(describeStatusCode(code).meaning).not.toContain('does not know');
    }
    for (const [name, code] of Object.entries(CloseCode)) {
      expect(describeCloseCode(code)).toMatchObject({ code, name });
    }
    expect(describeStatusCode(3).text).toMatch(/^INVALID_SIGNATURE \(3\): .*ZOOM_CLIENT_SECRET/);
  });

  it('keeps unknown numbers readable', () => {
    expect(describeStopReason(99).name).toBe('UNKNOWN_99');
    expect(describeStatusCode(99).name).toBe('UNKNOWN_99');
    expect(describeCloseCode(4000).text).toBe('CLOSE_4000 (4000): a close code this code does not know');
  });
});

describe('outcomes - REST error hints', () => {
  it("prefers Zoom's code, falls back to the status", () => {
    expect(describeRestError(404, 3001)).toMatch(/no such live meeting/);
    expect(describeRestError(400, '300')).toMatch(/request body/);
    expect(describeRestError(403)).toMatch(/scope/);
    expect(describeRestError(403, 3000)).toMatch(/scope/);
    expect(describeRestError(418)).toBe('Zoom refused the call');
  });
});
