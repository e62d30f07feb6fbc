import { describe, expect, it } from 'vitest';
import { RecordingSubjects, recordingFrameId, recordingKindOf, recordingStreamFilter } from './recording.js';

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

  it('recording - the filter of one stream and the kind of a recording subject', () => {
    expect(recordingStreamFilter('s1')).toBe('rtms.recording.*.s1');
    expect(recordingKindOf(RecordingSubjects.audio('s1'))).toBe('audio');
    expect(recordingKindOf(RecordingSubjects.share('s1'))).toBe('share');
    expect(recordingKindOf(RecordingSubjects.mark('s1'))).toBe('mark');
    expect(recordingKindOf('rtms.recording.chat.s1')).toBeUndefined();
    expect(recordingKindOf('rtms.audio.s1')).toBeUndefined();
  });
});
