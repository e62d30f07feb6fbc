import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, RecorderEnv } from './config.js';

describe('config - media recorder', () => {
  it('config - defaults: port 3004, 2 s checkpoints, 5 min idle, no folder', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3004,
      RECORDING_CHECKPOINT_MS: 2000,
      RECORDING_IDLE_TIMEOUT_MS: 300_000,
      RTMS_MEDIA_RETENTION_MS: 900_000,
    });
    expect(c.RECORDING_DIR).toBeUndefined();
  });

  it('config - documents every variable: a .describe() each and a line in .env.example', () => {
    const example = readFileSync(fileURLToPath(new URL('../../../.env.example', import.meta.url)), 'utf8');
    for (const [name, field] of Object.entries(RecorderEnv.shape)) {
      expect(field.description, name).toBeTruthy();
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});
