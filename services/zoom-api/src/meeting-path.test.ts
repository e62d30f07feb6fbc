import { describe, expect, it } from 'vitest';
import { rtmsStatusUrl } from './meeting-path.js';

describe('meeting-path - rtmsStatusUrl', () => {
  it('builds the status path under the API base, with or without a trailing slash', () => {
    expect(rtmsStatusUrl('https://api.zoom.us/v2', '123')).toBe(
      'https://api.zoom.us/v2/live_meetings/123/rtms_app/status',
    );
    expect(rtmsStatusUrl('http://127.0.0.1:9090/v2/', '/x')).toBe(
      'http://127.0.0.1:9090/v2/live_meetings/%252Fx/rtms_app/status',
    );
    expect(rtmsStatusUrl('https://api.zoom.us/v2', '12345678901234')).toBe(
      'https://api.zoom.us/v2/live_meetings/12345678901234/rtms_app/status',
    );
    expect(rtmsStatusUrl('https://api.zoom.us/v2', 'ab+c/d==')).toBe(
      'https://api.zoom.us/v2/live_meetings/ab%2Bc%2Fd%3D%3D/rtms_app/status',
    );
  });
});
