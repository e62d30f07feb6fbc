import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@rtms/config';
import { describe, expect, it } from 'vitest';
import { CLI, CliEnv } from './config.js';

describe('cli config', () => {
  it('cli config - documents every variable: a .describe() each and a line in .env.example', () => {
    const example = readFileSync(fileURLToPath(new URL('../../../.env.example', import.meta.url)), 'utf8');
    for (const [name, field] of Object.entries(CliEnv.shape)) {
      expect(field.description, name).toBeTruthy();
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });

  it('cli config - defaults reach the local system npm start runs', () => {
    const config = loadConfig(CLI, CliEnv, {});
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.RTMS_SERVICE_URLS).toEqual([]);
    expect([
      config.WEBHOOK_GATEWAY_PORT,
      config.ZOOM_API_PORT,
      config.STREAM_CONNECTOR_PORT,
      config.TRANSCRIPT_SINK_PORT,
    ]).toEqual([3000, 3001, 3002, 3003]);
  });
});
