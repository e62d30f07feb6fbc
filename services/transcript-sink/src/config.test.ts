import { ConfigError } from '@rtms/config';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('transcript-sink config', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3003,
      TRANSCRIPT_SINK_CONSUMER: 'transcript-sink',
      TRANSCRIPT_PAGE: true,
      TRANSCRIPT_PAGE_MAX_CLIENTS: 100,
    });
    expect(config.TRANSCRIPT_DIR).toBeUndefined();
  });

  it('names a bad consumer name and how to fix it', () => {
    const error = (() => {
      try {
        loadConfig({ TRANSCRIPT_SINK_CONSUMER: 'my.sink', TRANSCRIPT_PAGE: 'maybe' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('TRANSCRIPT_SINK_CONSUMER: use only letters, digits, - and _');
    expect(message).toContain("TRANSCRIPT_PAGE: expected true or false, got 'maybe'");
  });
});
