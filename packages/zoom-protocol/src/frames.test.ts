import { describe, expect, it } from 'vitest';
import {
  binaryContent,
  isDuplicateSignalReason,
  MediaType,
  mediaKindsOf,
  mediaTypeMask,
  parseFrame,
  statusCodeName,
  transcriptContent,
} from './index.js';

describe('frames - accessors', () => {
  it('parses objects with an integer msg_type only', () => {
    expect(parseFrame('{"msg_type":12,"timestamp":5}')).toEqual({ msg_type: 12, timestamp: 5 });
    expect(parseFrame('nope')).toBeUndefined();
    expect(parseFrame('[1]')).toBeUndefined();
    expect(parseFrame('{"msg_type":"12"}')).toBeUndefined();
    expect(parseFrame(Buffer.from('{"msg_type":1}'))).toEqual({ msg_type: 1 });
  });

  it('reads media content without a schema', () => {
    const audio = parseFrame('{"msg_type":14,"content":{"user_id":0,"data":"AAA=","timestamp":1}}');
    expect(audio && binaryContent(audio)?.data).toBe('AAA=');
    const bad = parseFrame('{"msg_type":14,"content":{"data":1}}');
    expect(bad && binaryContent(bad)).toBeUndefined();
    const tr = parseFrame('{"msg_type":17,"content":{"data":"hi","timestamp":1,"language":9}}');
    expect(tr && transcriptContent(tr)?.language).toBe(9);
  });
});

describe('enums - media type bitmask', () => {
  it('maps kinds to flags and back', () => {
    expect(mediaTypeMask(['audio', 'transcript'])).toBe(9);
    expect(mediaKindsOf(9)).toEqual(['audio', 'transcript']);
    expect(mediaKindsOf(MediaType.ALL)).toHaveLength(5);
  });
  it('names status codes and recognises duplicate reasons', () => {
    expect(statusCodeName(8)).toBe('DUPLICATE_SIGNAL_REQUEST');
    expect(statusCodeName(99)).toBe('UNKNOWN_99');
    expect(isDuplicateSignalReason('Duplicate signal request for stream')).toBe(true);
    expect(isDuplicateSignalReason(undefined)).toBe(false);
  });
});
