import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, commonEnv, env, loadConfig } from './index.js';

const schema = z.object({
  ...commonEnv(),
  SECRET: z.string().min(1).describe('set it to the Secret Token of your Zoom app'),
  PORT: env.port(3000),
  FLAG: env.bool(true),
  LIST: env.list(['a']),
});

describe('config - loadConfig', () => {
  it('applies defaults and coerces values', () => {
    const cfg = loadConfig('svc', schema, { SECRET: 's', PORT: '8080', FLAG: 'false', LIST: ' x, ,y ' });
    expect(cfg).toMatchObject({ SECRET: 's', PORT: 8080, FLAG: false, LIST: ['x', 'y'] });
    expect(cfg.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(cfg.LOG_LEVEL).toBe('info');
  });

  it('treats empty strings as unset', () => {
    const cfg = loadConfig('svc', schema, { SECRET: 's', PORT: '', FLAG: '  ' });
    expect(cfg.PORT).toBe(3000);
    expect(cfg.FLAG).toBe(true);
  });

  it('names every bad variable and its fix', () => {
    let error: unknown;
    try {
      loadConfig('webhook-gateway', schema, { PORT: '70000', FLAG: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.issues.map((i) => i.variable).sort()).toEqual(['FLAG', 'PORT', 'SECRET']);
    expect(e.message).toContain('invalid configuration for webhook-gateway');
    expect(e.message).toContain('SECRET: is required. Fix: set it to the Secret Token of your Zoom app');
    expect(e.message).toContain("FLAG: expected true or false, got 'maybe'");
  });

  it('does not read process.env unless asked', () => {
    process.env.SECRET = 'from-process';
    try {
      expect(() => loadConfig('svc', schema, {})).toThrow(ConfigError);
      expect(loadConfig('svc', schema).SECRET).toBe('from-process');
    } finally {
      delete process.env.SECRET;
    }
  });
});
