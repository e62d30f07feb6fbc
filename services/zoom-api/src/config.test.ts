import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@rtms/config';
import { thrownBy } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { loadConfig, ZoomApiEnv } from './config.js';
import { retryPolicyOf } from './wiring.js';
import { zoomCredentials } from './zoom-auth.js';

const oauth = { ZOOM_ACCOUNT_ID: 'acc', ZOOM_CLIENT_ID: 'cid', ZOOM_CLIENT_SECRET: 'secret' };

const configError = (env: Record<string, string>) => thrownBy(() => loadConfig(env), ConfigError);

describe('config - loadConfig', () => {
  it('defaults to real Zoom, auto start, a 10 s auto stop and OAuth', () => {
    const config = loadConfig(oauth);
    expect(config).toMatchObject({
      PORT: 3001,
      ZOOM_API_BASE_URL: 'https://api.zoom.us/v2',
      ZOOM_OAUTH_URL: 'https://zoom.us/oauth/token',
      RTMS_AUTO_START: true,
      RTMS_AUTO_STOP_SECONDS: 10,
      RTMS_STOP_GIVE_UP_SECONDS: 3600,
      ZOOM_API_WEBHOOK_CONCURRENCY: 8,
      ZOOM_API_SCHEDULE_CONCURRENCY: 64,
      ZOOM_CREDENTIALS_RETRY_MS: 2000,
    });
    expect(zoomCredentials(config)).toEqual({
      rtmsClientId: 'cid',
      auth: {
        kind: 'oauth',
        tokenUrl: 'https://zoom.us/oauth/token',
        accountId: 'acc',
        clientId: 'cid',
        clientSecret: 'secret',
        vars: { clientId: 'ZOOM_CLIENT_ID', clientSecret: 'ZOOM_CLIENT_SECRET' },
      },
    });
    expect(retryPolicyOf(config)).toEqual({
      maxAttempts: 4,
      backoff: { baseMs: 500, maxMs: 10_000, jitter: 'equal' },
      maxRetryAfterMs: 60_000,
    });
  });

  it('without credentials fails at start-up naming each missing variable and the way out', () => {
    const err = configError({});
    expect(err.issues.map((i) => i.variable).sort()).toEqual([
      'ZOOM_ACCESS_TOKEN',
      'ZOOM_ACCOUNT_ID',
      'ZOOM_CLIENT_ID',
      'ZOOM_CLIENT_SECRET',
    ]);
    expect(err.message).toContain(
      'ZOOM_ACCOUNT_ID: is required. Fix: Account ID of your Server-to-Server OAuth app',
    );
    expect(err.message).toContain('ZOOM_ACCESS_TOKEN: is not set either');
    expect(err.message).not.toMatch(/simulator/i);
  });

  it('takes a static token (ZOOM_ACCESS_TOKEN, or access_token as the original sample names it)', () => {
    expect(zoomCredentials(loadConfig({ ZOOM_CLIENT_ID: 'cid', ZOOM_ACCESS_TOKEN: 't1' })).auth).toEqual({
      kind: 'static',
      token: 't1',
    });
    expect(zoomCredentials(loadConfig({ ZOOM_CLIENT_ID: 'cid', access_token: 't2' })).auth).toEqual({
      kind: 'static',
      token: 't2',
    });
    // settings.client_id is still needed with a static token.
    expect(configError({ ZOOM_ACCESS_TOKEN: 't' }).issues.map((i) => i.variable)).toEqual(['ZOOM_CLIENT_ID']);
  });

  it('knows nothing of a simulator: its old switch is not a variable of this service', () => {
    expect(configError({ ZOOM_SIMULATOR: 'true', SIM_PORT: '9191' }).issues.map((i) => i.variable)).toContain(
      'ZOOM_CLIENT_ID',
    );
    expect(loadConfig({ ...oauth, ZOOM_SIMULATOR: 'true' }).ZOOM_API_BASE_URL).toBe('https://api.zoom.us/v2');
  });

  it('lets a separate Server-to-Server OAuth app authenticate while settings.client_id stays the RTMS app', () => {
    const config = loadConfig({
      ...oauth,
      ZOOM_OAUTH_CLIENT_ID: 's2s-id',
      ZOOM_OAUTH_CLIENT_SECRET: 's2s-secret',
      ZOOM_OAUTH_URL: 'http://127.0.0.1:9090/oauth/token',
    });
    const { auth, rtmsClientId } = zoomCredentials(config);
    expect(auth).toMatchObject({
      clientId: 's2s-id',
      clientSecret: 's2s-secret',
      tokenUrl: 'http://127.0.0.1:9090/oauth/token',
      vars: { clientId: 'ZOOM_OAUTH_CLIENT_ID', clientSecret: 'ZOOM_OAUTH_CLIENT_SECRET' },
    });
    expect(rtmsClientId).toBe('cid');
  });

  it('reads auto start/stop, participant, retry and tuning knobs; rejects bad values with the fix', () => {
    const config = loadConfig({
      ...oauth,
      RTMS_AUTO_START: 'false',
      RTMS_AUTO_STOP_SECONDS: '0',
      RTMS_PARTICIPANT_USER_ID: 'u1',
      ZOOM_RETRY_BASE_MS: '50',
      ZOOM_API_SCHEDULE_CONCURRENCY: '4',
    });
    expect(config).toMatchObject({
      RTMS_AUTO_START: false,
      RTMS_AUTO_STOP_SECONDS: 0,
      RTMS_PARTICIPANT_USER_ID: 'u1',
      ZOOM_API_SCHEDULE_CONCURRENCY: 4,
    });
    expect(retryPolicyOf(config).backoff.baseMs).toBe(50);
    const err = configError({ ...oauth, RTMS_AUTO_STOP_SECONDS: '-1', RTMS_AUTO_START: 'maybe' });
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['RTMS_AUTO_START', 'RTMS_AUTO_STOP_SECONDS']);
    expect(err.message).toContain('0 disables');
  });

  it('documents every variable: a .describe() each and a line in .env.example', () => {
    const example = readFileSync(fileURLToPath(new URL('../../../.env.example', import.meta.url)), 'utf8');
    for (const [name, field] of Object.entries(ZoomApiEnv.shape)) {
      expect(field.description, name).toBeTruthy();
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});
