import { createLogger } from '@rtms/logger';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { logStartupReport } from './startup-report.js';

function capture(env: Record<string, string>): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { service: 'stream-connector', level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  const config = loadConfig({ ZOOM_CLIENT_ID: 'rtms-app-id', ZOOM_CLIENT_SECRET: 's3cret-value' });
  logStartupReport(logger, config, env);
  return lines;
}

describe('startup report - RTMS client id and TLS verification', () => {
  it('names the client id and says certificates are verified, never the secret', () => {
    const [line] = capture({});
    expect(line).toMatchObject({ msg: 'RTMS client', rtmsClientId: 'rtms-app-id', tlsVerification: 'on' });
    expect(JSON.stringify(line)).not.toContain('s3cret-value');
  });

  it('warns when NODE_TLS_REJECT_UNAUTHORIZED=0 turns verification off', () => {
    const [line] = capture({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(line).toMatchObject({ level: 40, tlsVerification: 'off (NODE_TLS_REJECT_UNAUTHORIZED=0)' });
    expect(line?.msg).toBe('RTMS client: wss certificates are NOT verified');
  });
});
