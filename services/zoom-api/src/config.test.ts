import { ConfigError } from '@rtms/config';
import { thrownBy } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const oauth = { ZOOM_ACCOUNT_ID: 'acc', ZOOM_CLIENT_ID: 'cid', ZOOM_CLIENT_SECRET: 'secret' };

const configError = (env: Record<string, string>) => thrownBy(() => loadConfig(env), ConfigError);

describe('config - loadConfig', () => {
  it('defaults to real Zoom, auto start, a 10 s auto stop and OAuth', () => {
    const { config, settings } = loadConfig(oauth);
    expect(config.PORT).toBe(3001);
    expect(settings).toMatchObject({
      apiBaseUrl: 'https://api.zoom.us/v2',
      auth: {
        kind: 'oauth',
        tokenUrl: 'https://zoom.us/oauth/token',
        accountId: 'acc',
        clientId: 'cid',
        clientSecret: 'secret',
      },
      rtmsClientId: 'cid',
      autoStart: true,
      autoStopMs: 10_000,
      simulator: false,
      retry: {
        maxAttempts: 4,
        backoff: { baseMs: 500, maxMs: 10_000, jitter: 'equal' },
        maxRetryAfterMs: 60_000,
      },
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
    expect(err.message).toContain('runs the Zoom simulator');
  });

  it('takes a static token (ZOOM_ACCESS_TOKEN, or access_token as the original sample names it)', () => {
    expect(loadConfig({ ZOOM_CLIENT_ID: 'cid', ZOOM_ACCESS_TOKEN: 't1' }).settings.auth).toEqual({
      kind: 'static',
      token: 't1',
    });
    expect(loadConfig({ ZOOM_CLIENT_ID: 'cid', access_token: 't2' }).settings.auth).toEqual({
      kind: 'static',
      token: 't2',
    });
    // settings.client_id is still needed with a static token.
    expect(configError({ ZOOM_ACCESS_TOKEN: 't' }).issues.map((i) => i.variable)).toEqual(['ZOOM_CLIENT_ID']);
  });

  it('in simulator mode fills missing credentials and URLs with the simulator defaults', () => {
    const { settings } = loadConfig({ ZOOM_SIMULATOR: 'true', SIM_PORT: '9191' });
    expect(settings).toMatchObject({
      simulator: true,
      apiBaseUrl: 'http://127.0.0.1:9191/v2',
      auth: {
        kind: 'oauth',
        tokenUrl: 'http://127.0.0.1:9191/oauth/token',
        accountId: 'sim-account-id',
        clientId: 'sim-client-id',
        clientSecret: 'sim-client-secret',
      },
      rtmsClientId: 'sim-client-id',
    });
  });

  it('lets a separate Server-to-Server OAuth app authenticate while settings.client_id stays the RTMS app', () => {
    const { settings } = loadConfig({
      ...oauth,
      ZOOM_OAUTH_CLIENT_ID: 's2s-id',
      ZOOM_OAUTH_CLIENT_SECRET: 's2s-secret',
      ZOOM_API_BASE_URL: 'http://127.0.0.1:9090/v2/',
    });
    expect(settings.auth).toMatchObject({ clientId: 's2s-id', clientSecret: 's2s-secret' });
    expect(settings.rtmsClientId).toBe('cid');
    expect(settings.apiBaseUrl).toBe('http://127.0.0.1:9090/v2');
  });

  it('reads auto start/stop, participant and retry knobs; rejects bad values with the fix', () => {
    const { settings } = loadConfig({
      ...oauth,
      RTMS_AUTO_START: 'false',
      RTMS_AUTO_STOP_SECONDS: '0',
      RTMS_PARTICIPANT_USER_ID: 'u1',
      ZOOM_RETRY_BASE_MS: '50',
    });
    expect(settings).toMatchObject({ autoStart: false, autoStopMs: 0, participantUserId: 'u1' });
    expect(settings.retry.backoff.baseMs).toBe(50);
    const err = configError({ ...oauth, RTMS_AUTO_STOP_SECONDS: '-1', RTMS_AUTO_START: 'maybe' });
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['RTMS_AUTO_START', 'RTMS_AUTO_STOP_SECONDS']);
    expect(err.message).toContain('0 disables');
  });
});
