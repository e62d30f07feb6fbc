import { ConfigError } from '@rtms/config';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config - loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ ZOOM_WEBHOOK_SECRET_TOKEN: 'abc' });
    expect(config).toMatchObject({
      PORT: 3000,
      WEBHOOK_PATH: '/webhook',
      ZOOM_WEBHOOK_SECRET_TOKEN: ['abc'],
      WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS: 300,
      WEBHOOK_BODY_LIMIT_BYTES: 65_536,
      WEBHOOK_PUBLISH_TIMEOUT_MS: 2000,
      TRUST_PROXY: false,
    });
  });

  it('reads several secrets, current first', () => {
    expect(loadConfig({ ZOOM_WEBHOOK_SECRET_TOKEN: ' new , old ,' }).ZOOM_WEBHOOK_SECRET_TOKEN).toEqual([
      'new',
      'old',
    ]);
  });

  it('refuses to start without a secret, naming the variable and the fix', () => {
    for (const env of [{}, { ZOOM_WEBHOOK_SECRET_TOKEN: ' , ' }]) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('ZOOM_WEBHOOK_SECRET_TOKEN');
      expect((error as Error).message).toContain('Secret Token of your Zoom app');
    }
  });

  it('reads TRUST_PROXY as a boolean, a hop count or a list', () => {
    const read = (v: string) => loadConfig({ ZOOM_WEBHOOK_SECRET_TOKEN: 's', TRUST_PROXY: v }).TRUST_PROXY;
    expect(read('true')).toBe(true);
    expect(read('off')).toBe(false);
    expect(read('2')).toBe(2);
    expect(read('10.0.0.0/8, 127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('refuses a path that is not a URL path', () => {
    expect(() => loadConfig({ ZOOM_WEBHOOK_SECRET_TOKEN: 's', WEBHOOK_PATH: 'webhook' })).toThrow(
      /WEBHOOK_PATH/,
    );
  });
});
