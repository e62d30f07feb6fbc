import { describe, expect, it } from 'vitest';
import { encodeMeetingId, rtmsStatusUrl } from './meeting-path.js';

describe('meeting-path - encodeMeetingId', () => {
  it('keeps a numeric meeting id as is, however long', () => {
    expect(encodeMeetingId('85746065')).toBe('85746065');
    expect(encodeMeetingId('12345678901234')).toBe('12345678901234');
  });

  it('encodes a plain UUID once', () => {
    expect(encodeMeetingId('4444AAAiAAAAAiAiAiiAii==')).toBe('4444AAAiAAAAAiAiAiiAii%3D%3D');
    expect(encodeMeetingId('ab+c/d==')).toBe('ab%2Bc%2Fd%3D%3D');
  });

  it("double-encodes a UUID that starts with '/' or contains '//'", () => {
    expect(encodeMeetingId('/abc')).toBe('%252Fabc');
    expect(encodeMeetingId('ab//cd==')).toBe('ab%252F%252Fcd%253D%253D');
    expect(decodeURIComponent(decodeURIComponent(encodeMeetingId('/a//b+c=')))).toBe('/a//b+c=');
  });
});

describe('meeting-path - rtmsStatusUrl', () => {
  it('builds the status path under the API base, with or without a trailing slash', () => {
    expect(rtmsStatusUrl('https://api.zoom.us/v2', '123')).toBe(
      'https://api.zoom.us/v2/live_meetings/123/rtms_app/status',
    );
    expect(rtmsStatusUrl('http://127.0.0.1:9090/v2/', '/x')).toBe(
      'http://127.0.0.1:9090/v2/live_meetings/%252Fx/rtms_app/status',
    );
  });
});
