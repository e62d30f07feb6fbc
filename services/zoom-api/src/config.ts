import { commonEnv, env, loadConfig as load } from '@rtms/config';
import { z } from 'zod';

export const SERVICE = 'zoom-api';

const optional = () => z.string().min(1).optional();

const fields = {
  ...commonEnv(),
  PORT: env.port(3001).describe('HTTP port for /healthz, /readyz and /metrics (default 3001)'),
  HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe('address to listen on: 0.0.0.0 for every interface (default), 127.0.0.1 for local only'),
  ZOOM_API_BASE_URL: env
    .url()
    .default('https://api.zoom.us/v2')
    .describe('Zoom REST API base URL (default https://api.zoom.us/v2)'),
  ZOOM_OAUTH_URL: env
    .url()
    .default('https://zoom.us/oauth/token')
    .describe('Zoom OAuth token URL (default https://zoom.us/oauth/token)'),
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
  RTMS_STOP_GIVE_UP_SECONDS: env
    .int(3600, { min: 60, max: 604_800 })
    .describe(
      'a delayed stop that Zoom keeps answering as unavailable is given up this long after it was due, in s (default 3600)',
    ),
  ZOOM_API_WEBHOOK_CONCURRENCY: env
    .int(8, { min: 1, max: 1024 })
    .describe('webhooks handled at once per replica (default 8)'),
  ZOOM_API_SCHEDULE_CONCURRENCY: env
    .int(64, { min: 1, max: 4096 })
    .describe(
      'delayed stops handled at once per replica, so a slow stop call never delays another (default 64)',
    ),
  ZOOM_CREDENTIALS_RETRY_MS: env
    .int(2000, { min: 100, max: 600_000 })
    .describe(
      "pause between start-up credential checks while Zoom's token endpoint is unreachable, in ms (default 2000)",
    ),
};

/**
 * zoom-api's environment. Zoom credentials are required: ZOOM_CLIENT_ID always (it is settings.client_id of
 * every call), and either the Server-to-Server OAuth account and secret or a ready-made access token.
 */
export const ZoomApiEnv = z.object(fields).superRefine((c, ctx) => {
  const missing = (variable: keyof typeof fields, message = 'is required') =>
    ctx.addIssue({ code: 'custom', path: [variable], message, input: undefined });
  if (!c.ZOOM_CLIENT_ID) missing('ZOOM_CLIENT_ID');
  if (c.ZOOM_ACCESS_TOKEN ?? c.access_token) return;
  const secret = c.ZOOM_OAUTH_CLIENT_SECRET ?? c.ZOOM_CLIENT_SECRET;
  if (!c.ZOOM_ACCOUNT_ID) missing('ZOOM_ACCOUNT_ID');
  if (!secret) missing('ZOOM_CLIENT_SECRET');
  if (!c.ZOOM_ACCOUNT_ID || !secret)
    missing(
      'ZOOM_ACCESS_TOKEN',
      'is not set either: set the Server-to-Server OAuth credentials above, or a token',
    );
});

export type ZoomApiConfig = z.infer<typeof ZoomApiEnv>;

/** Parses the config; throws ConfigError naming each variable at fault and how to fix it. */
export function loadConfig(source: Record<string, string | undefined> = process.env): ZoomApiConfig {
  return load(SERVICE, ZoomApiEnv, source);
}
