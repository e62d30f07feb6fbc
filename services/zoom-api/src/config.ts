import { ConfigError, commonEnv, env, loadConfig as load } from '@rtms/config';
import { z } from 'zod';
import type { RetryPolicy } from './retry-policy.js';

export const SERVICE = 'zoom-api';

/** The simulator's obviously fake credentials (packages/zoom-sim and scripts/lib/local-env.mjs use the same). */
export const SIMULATOR_CREDENTIALS = {
  accountId: 'sim-account-id',
  clientId: 'sim-client-id',
  clientSecret: 'sim-client-secret',
} as const;

const optional = () => z.string().min(1).optional();

export const ZoomApiEnv = z.object({
  ...commonEnv(),
  PORT: env.port(3001).describe('HTTP port for /healthz, /readyz and /metrics (default 3001)'),
  HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe('address to listen on: 0.0.0.0 for every interface (default), 127.0.0.1 for local only'),
  ZOOM_API_BASE_URL: env
    .url()
    .optional()
    .describe('Zoom REST API base URL (default https://api.zoom.us/v2; the simulator in simulator mode)'),
  ZOOM_OAUTH_URL: env
    .url()
    .optional()
    .describe('Zoom OAuth token URL (default https://zoom.us/oauth/token; the simulator in simulator mode)'),
  ZOOM_ACCOUNT_ID: optional().describe('Account ID of your Server-to-Server OAuth app (Zoom Marketplace)'),
  ZOOM_CLIENT_ID: optional().describe(
    'Client ID of your RTMS app: sent as settings.client_id, and the OAuth client unless ZOOM_OAUTH_CLIENT_ID is set',
  ),
  ZOOM_CLIENT_SECRET: optional().describe(
    'Client Secret of your app, for Server-to-Server OAuth unless ZOOM_OAUTH_CLIENT_SECRET is set',
  ),
  ZOOM_OAUTH_CLIENT_ID: optional().describe(
    'Client ID of a separate Server-to-Server OAuth app (default: ZOOM_CLIENT_ID)',
  ),
  ZOOM_OAUTH_CLIENT_SECRET: optional().describe(
    'Client Secret of a separate Server-to-Server OAuth app (default: ZOOM_CLIENT_SECRET)',
  ),
  ZOOM_ACCESS_TOKEN: optional().describe(
    'a ready-made Zoom access token to use instead of Server-to-Server OAuth (never refreshed)',
  ),
  access_token: optional().describe("the original sample's name for ZOOM_ACCESS_TOKEN"),
  ZOOM_SIMULATOR: env
    .bool(false)
    .describe(
      'true when the Zoom simulator plays Zoom (set by npm start): missing credentials get its defaults',
    ),
  SIM_PORT: env
    .port(9090)
    .describe("the simulator's port, for the default URLs in simulator mode (default 9090)"),
  RTMS_AUTO_START: env
    .bool(true)
    .describe('start RTMS when a meeting.started webhook arrives: true (default) or false'),
  RTMS_AUTO_STOP_SECONDS: env
    .int(10, { min: 0, max: 86_400 })
    .describe('stop RTMS this many seconds after an automatic start; 0 disables (default 10, at most 86400)'),
  RTMS_PARTICIPANT_USER_ID: optional().describe(
    'Zoom user id sent as settings.participant_user_id on automatic starts (optional)',
  ),
  ZOOM_API_TIMEOUT_MS: env
    .int(10_000, { min: 100, max: 120_000 })
    .describe('timeout of one Zoom HTTP request, in ms (default 10000)'),
  ZOOM_RETRY_MAX_ATTEMPTS: env
    .int(4, { min: 1, max: 20 })
    .describe('attempts per Zoom call on 429, 5xx and network errors, the first included (default 4)'),
  ZOOM_RETRY_BASE_MS: env
    .int(500, { min: 1, max: 60_000 })
    .describe('first retry delay on 5xx/network errors, doubled per retry, with jitter, in ms (default 500)'),
  ZOOM_RETRY_MAX_DELAY_MS: env
    .int(10_000, { min: 1, max: 300_000 })
    .describe('largest retry delay, in ms (default 10000)'),
  ZOOM_RETRY_AFTER_MAX_SECONDS: env
    .int(60, { min: 0, max: 3600 })
    .describe(
      'a 429 whose Retry-After is longer than this fails at once instead of waiting, in s (default 60)',
    ),
  ZOOM_TOKEN_REFRESH_MARGIN_SECONDS: env
    .int(300, { min: 0, max: 3000 })
    .describe('refresh the OAuth token this long before it expires, in s (default 300)'),
  RTMS_SCHEDULE_RECHECK_SECONDS: env
    .int(30, { min: 1, max: 3600 })
    .describe(
      'a pending delayed stop is re-checked (for cancellation) at least this often, in s (default 30)',
    ),
});

export type ZoomApiConfig = z.infer<typeof ZoomApiEnv>;

export type ZoomAuth =
  | {
      kind: 'oauth';
      tokenUrl: string;
      accountId: string;
      clientId: string;
      clientSecret: string;
      /** The env vars the OAuth client id and secret came from, named by the start-up credentials check. */
      vars?: { clientId: string; clientSecret: string };
    }
  | { kind: 'static'; token: string };

/** Everything the app needs, resolved from the env: credentials decided, defaults applied. */
export interface ZoomApiSettings {
  apiBaseUrl: string;
  auth: ZoomAuth;
  /** settings.client_id of every RTMS status call. */
  rtmsClientId: string;
  simulator: boolean;
  autoStart: boolean;
  /** 0 = no automatic stop. */
  autoStopMs: number;
  participantUserId: string | undefined;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  tokenRefreshMarginMs: number;
  recheckMs: number;
}

/** Loads and resolves the config; throws ConfigError naming each variable at fault and how to fix it. */
export function loadConfig(source: Record<string, string | undefined> = process.env): {
  config: ZoomApiConfig;
  settings: ZoomApiSettings;
} {
  const config = load(SERVICE, ZoomApiEnv, source);
  return { config, settings: resolveSettings(config) };
}

export function resolveSettings(c: ZoomApiConfig): ZoomApiSettings {
  const sim = c.ZOOM_SIMULATOR;
  const simBase = `http://127.0.0.1:${c.SIM_PORT}`;
  const clientId = c.ZOOM_CLIENT_ID ?? (sim ? SIMULATOR_CREDENTIALS.clientId : undefined);
  const staticToken = c.ZOOM_ACCESS_TOKEN ?? c.access_token;
  const oauth = {
    accountId: c.ZOOM_ACCOUNT_ID ?? (sim ? SIMULATOR_CREDENTIALS.accountId : undefined),
    clientId: c.ZOOM_OAUTH_CLIENT_ID ?? clientId,
    clientSecret:
      c.ZOOM_OAUTH_CLIENT_SECRET ??
      c.ZOOM_CLIENT_SECRET ??
      (sim ? SIMULATOR_CREDENTIALS.clientSecret : undefined),
  };
  const missing: string[] = [];
  if (!clientId) missing.push('ZOOM_CLIENT_ID');
  if (!staticToken) {
    if (!oauth.accountId) missing.push('ZOOM_ACCOUNT_ID');
    if (!oauth.clientSecret) missing.push('ZOOM_CLIENT_SECRET');
  }
  if (missing.length > 0 || !clientId) {
    const describe = (v: string) => ZoomApiEnv.shape[v as keyof typeof ZoomApiEnv.shape].description;
    const issues = missing.map((variable) => ({
      variable,
      problem: 'is required',
      fix: describe(variable) ?? '',
    }));
    if (!staticToken)
      issues.push({
        variable: 'ZOOM_ACCESS_TOKEN',
        problem: 'is not set either',
        fix:
          'set the Server-to-Server OAuth credentials above, or an access token; without any Zoom credentials ' +
          '`npm start` runs the Zoom simulator as Zoom',
      });
    throw new ConfigError(SERVICE, issues);
  }
  const auth: ZoomAuth = staticToken
    ? { kind: 'static', token: staticToken }
    : {
        kind: 'oauth',
        tokenUrl: c.ZOOM_OAUTH_URL ?? (sim ? `${simBase}/oauth/token` : 'https://zoom.us/oauth/token'),
        accountId: oauth.accountId as string,
        clientId: oauth.clientId as string,
        clientSecret: oauth.clientSecret as string,
        vars: {
          clientId: c.ZOOM_OAUTH_CLIENT_ID ? 'ZOOM_OAUTH_CLIENT_ID' : 'ZOOM_CLIENT_ID',
          clientSecret: c.ZOOM_OAUTH_CLIENT_SECRET ? 'ZOOM_OAUTH_CLIENT_SECRET' : 'ZOOM_CLIENT_SECRET',
        },
      };
  return {
    apiBaseUrl: (c.ZOOM_API_BASE_URL ?? (sim ? `${simBase}/v2` : 'https://api.zoom.us/v2')).replace(
      /\/+$/,
      '',
    ),
    auth,
    rtmsClientId: clientId,
    simulator: sim,
    autoStart: c.RTMS_AUTO_START,
    autoStopMs: c.RTMS_AUTO_STOP_SECONDS * 1000,
    participantUserId: c.RTMS_PARTICIPANT_USER_ID,
    requestTimeoutMs: c.ZOOM_API_TIMEOUT_MS,
    retry: {
      maxAttempts: c.ZOOM_RETRY_MAX_ATTEMPTS,
      backoff: { baseMs: c.ZOOM_RETRY_BASE_MS, maxMs: c.ZOOM_RETRY_MAX_DELAY_MS, jitter: 'equal' },
      maxRetryAfterMs: c.ZOOM_RETRY_AFTER_MAX_SECONDS * 1000,
    },
    tokenRefreshMarginMs: c.ZOOM_TOKEN_REFRESH_MARGIN_SECONDS * 1000,
    recheckMs: c.RTMS_SCHEDULE_RECHECK_SECONDS * 1000,
  };
}
