import { describe, expect, it } from 'vitest';
import { encodeMeetingIdForPath, pickSignalingUrl, splitServerUrls } from './index.js';

describe('urls - meeting id path encoding', () => {
  it('passes numeric ids through', () => {
    expect(encodeMeetingIdForPath(85746065432)).toBe('85746065432');
  });
  it('encodes ordinary uuids once', () => {
    expect(encodeMeetingIdForPath('4444AAAiAAAAAiAiAiiAii==')).toBe('4444AAAiAAAAAiAiAiiAii%3D%3D');
    expect(encodeMeetingIdForPath('ab/c+d==')).toBe('ab%2Fc%2Bd%3D%3D');
  });
  it('double-encodes uuids starting with / or containing //', () => {
    // Expected values computed with Python's urllib.parse.quote applied twice.
    expect(encodeMeetingIdForPath('/abc//d==')).toBe('%252Fabc%252F%252Fd%253D%253D');
    expect(encodeMeetingIdForPath('/abc')).toBe('%252Fabc');
    expect(encodeMeetingIdForPath('ab//c')).toBe('ab%252F%252Fc');
  });
});

describe('urls - server_urls', () => {
  it('splits on commas and trims', () => {
    expect(splitServerUrls(' wss://a:443 , ws://b:80,,')).toEqual(['wss://a:443', 'ws://b:80']);
  });
  it('prefers wss and accepts ws only when allowed', () => {
    expect(pickSignalingUrl('ws://local:1,wss://zoom:443')).toBe('wss://zoom:443');
    expect(pickSignalingUrl('ws://local:1')).toBeUndefined();
    expect(pickSignalingUrl('ws://local:1', { allowInsecure: true })).toBe('ws://local:1');
    expect(pickSignalingUrl('https://x')).toBeUndefined();
  });
});
