import { describe, expect, it } from 'vitest';
import { recordingFrameId } from './recording.js';

describe('recording - frame ids', () => {
  it('recording - audio ids are stream, kind, user and timestamp; video and share ids add a payload hash', () => {
    expect(recordingFrameId('s1', 'audio', 0, 1000)).toBe('s1:audio:0:1000');
    const sets = recordingFrameId('s1', 'video', 7, 1000, 'AAAAAWdC');
    const idr = recordingFrameId('s1', 'video', 7, 1000, 'AAAAAWWI');
    // The messages of one picture (same timestamp, other bytes) get distinct ids; a resend keeps its id.
    expect(sets).toMatch(/^s1:video:7:1000:[0-9a-f]{16}$/);
    expect(idr).not.toBe(sets);
    expect(recordingFrameId('s1', 'video', 7, 1000, 'AAAAAWdC')).toBe(sets);
    expect(recordingFrameId('s1', 'share', 7, 1000, 'AAAAAWdC')).not.toBe(sets);
  });
});
