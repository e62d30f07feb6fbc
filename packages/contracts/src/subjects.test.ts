import { describe, expect, it } from 'vitest';
import { InvalidSubjectTokenError, lastToken, Subjects, webhookEventOf } from './index.js';

describe('contracts - subjects', () => {
  it('builds subjects from ids', () => {
    expect(Subjects.webhook('meeting.rtms_started')).toBe('zoom.webhook.meeting.rtms_started');
    expect(Subjects.transcript('609340fb2a7946909659956c8aa9250c')).toBe(
      'rtms.transcript.609340fb2a7946909659956c8aa9250c',
    );
    expect(Subjects.media('audio', 'abc')).toBe('rtms.audio.abc');
    expect(Subjects.scheduledStop('85746065')).toBe('rtms.schedule.stop.85746065');
    expect(Subjects.deadLetter('transcript-sink')).toBe('rtms.dlq.transcript-sink');
  });

  it('refuses ids that would break the subject grammar', () => {
    for (const bad of ['', 'a.b', 'a*', '>', 'has space', '4444AAAiAAAAAiAiAiiAii==', 'a/b']) {
      expect(() => Subjects.transcript(bad), bad).toThrow(InvalidSubjectTokenError);
    }
    for (const bad of ['', 'Meeting.Started', 'meeting..started', 'meeting.*', 'a b']) {
      expect(() => Subjects.webhook(bad), bad).toThrow(InvalidSubjectTokenError);
    }
  });

  it('reads ids back from subjects', () => {
    expect(lastToken('rtms.transcript.abc')).toBe('abc');
    expect(webhookEventOf('zoom.webhook.session.rtms_stopped')).toBe('session.rtms_stopped');
  });
});
