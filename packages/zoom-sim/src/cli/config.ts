import { env } from '@rtms/config';
import { z } from 'zod';
import { SIM_DEFAULT_CREDENTIALS } from '../options.js';

// Environment of `npm run sim` / dist/cli/main.js. The ZOOM_* names are the services' own, so one .env
// serves the simulator and the services. Parsed with loadConfig in main.ts only.

const msList = (fallback: number[]) =>
  env.list(fallback.map(String)).transform((items, ctx) => {
    const out = items.map(Number);
    if (out.some((n) => !Number.isInteger(n) || n < 0)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected comma-separated milliseconds, got '${items.join(',')}'`,
      });
      return z.NEVER;
    }
    return out;
  });

export const SimEnvSchema = z.object({
  ZOOM_CLIENT_ID: z
    .string()
    .min(1)
    .default(SIM_DEFAULT_CREDENTIALS.clientId)
    .describe('client id of the RTMS app the simulator accepts (signatures, REST client_id, OAuth)'),
  ZOOM_CLIENT_SECRET: z
    .string()
    .min(1)
    .default(SIM_DEFAULT_CREDENTIALS.clientSecret)
    .describe('client secret of that app (OAuth Basic auth and RTMS signatures)'),
  ZOOM_ACCOUNT_ID: z
    .string()
    .min(1)
    .default(SIM_DEFAULT_CREDENTIALS.accountId)
    .describe('account id OAuth account_credentials requests must name'),
  ZOOM_WEBHOOK_SECRET_TOKEN: env
    .list([SIM_DEFAULT_CREDENTIALS.webhookSecret])
    .describe('webhook secret token; the simulator signs with the first of a comma-separated list'),
  SIM_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('interface the simulator listens on, e.g. 127.0.0.1 or 0.0.0.0'),
  SIM_PORT: env.port(9090).describe('port of the simulator: REST, OAuth, control API and RTMS WebSockets'),
  SIM_PUBLIC_URL: z
    .string()
    .regex(/^wss?:\/\/[^/]+/, 'expected ws://host:port or wss://host:port')
    .optional()
    .describe('base URL put into server_urls (default ws://SIM_HOST:SIM_PORT), e.g. ws://127.0.0.1:9090'),
  SIM_WEBHOOK_URL: z
    .union([z.literal('off'), z.url()])
    .default('http://127.0.0.1:3000/webhook')
    .describe('where webhooks are POSTed, e.g. http://127.0.0.1:3000/webhook; "off" records them only'),
  SIM_SCENARIO: z
    .string()
    .min(1)
    .optional()
    .describe('path of a scenario file (JSON or YAML); default: the built-in demo meeting'),
  SIM_AUTO_RTMS: env
    .bool(false)
    .describe('true: start RTMS for every meeting without waiting for the REST start call'),
  SIM_SEED: z
    .string()
    .min(1)
    .optional()
    .describe(
      'seed for ids and media bytes; the same seed replays the same ids (default: the scenario seed, else a ' +
        'fresh one per run, so each run is a new meeting)',
    ),
  SIM_KEEPALIVE_INTERVAL_MS: env
    .int(10_000, { min: 10 })
    .describe('keep-alive request interval on both sockets, in ms'),
  SIM_SIGNALING_GRACE_MS: env
    .int(60_000, { min: 0 })
    .describe('wait for a signaling reconnect before ending a stream, in ms'),
  SIM_MEDIA_GRACE_MS: env
    .int(65_000, { min: 0 })
    .describe('wait for a media reconnect before ending a stream, in ms'),
  SIM_WEBHOOK_RETRY_DELAYS_MS: msList([300_000, 1_200_000, 3_600_000]).describe(
    'delays between webhook retries, comma-separated ms (Zoom: 300000,1200000,3600000)',
  ),
  SIM_WEBHOOK_TIMEOUT_MS: env
    .int(3000, { min: 1 })
    .describe('a webhook not answered within this many ms is retried'),
  SIM_VALIDATE_WEBHOOK_URL: env
    .bool(false)
    .describe('true: run the endpoint.url_validation challenge at start-up'),
  SIM_FIXED_EPOCH_MS: env
    .int(0, { min: 0 })
    .describe('non-zero: media timestamps start here, making streams byte-identical'),
  SIM_REST_SUCCESS_STATUS: env
    .int(204, { min: 200, max: 299 })
    .describe('HTTP status of a successful rtms_app/status call'),
  LOG_LEVEL: env.logLevel().describe('one of fatal, error, warn, info, debug, trace, silent'),
});
export type SimEnv = z.infer<typeof SimEnvSchema>;
