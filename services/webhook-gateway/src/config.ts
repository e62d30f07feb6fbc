import { commonEnv, env, loadConfig as load } from '@rtms/config';
import { ZoomWebhookHeaders } from '@rtms/contracts';
import { WEBHOOK_TIMESTAMP_TOLERANCE_S } from '@rtms/zoom-protocol';
import { z } from 'zod';

export const SERVICE = 'webhook-gateway';

/** Secrets as a trimmed, non-empty list. Missing entirely → "is required" with the fix below. */
const secretList = z.string().transform((value, ctx) => {
  const secrets = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.length === 0) ctx.addIssue({ code: 'custom', message: 'no secret in the list' });
  return secrets;
});

/**
 * fastify's `trustProxy`: false (default: the socket address is the client), true (trust every proxy: only
 * when the gateway is not reachable directly), a hop count, or a comma-separated list of proxy IPs/CIDRs.
 */
const trustProxy = z
  .string()
  .optional()
  .transform((value): boolean | number | string[] => {
    if (value === undefined || /^(false|0|no|off)$/i.test(value)) return false;
    if (/^(true|yes|on)$/i.test(value)) return true;
    if (/^\d+$/.test(value)) return Number(value);
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  });

export const GatewayEnv = z.object({
  ...commonEnv(),
  PORT: env.port(3000).describe('HTTP port for /webhook, /healthz, /readyz and /metrics (default 3000)'),
  HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe('address to listen on: 0.0.0.0 for every interface (default), 127.0.0.1 for local only'),
  WEBHOOK_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9._~/-]*$/, 'must start with / and contain only URL path characters')
    .default('/webhook')
    .describe('path Zoom posts events to, the Event notification endpoint URL path (default /webhook)'),
  PUBLIC_WEBHOOK_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'the public URL Zoom posts to (https://<host>/webhook): when set, the gateway checks once at start that ' +
        'a signed endpoint.url_validation sent there arrives here, and logs the result',
    ),
  ZOOM_WEBHOOK_SECRET_TOKEN: secretList.describe(
    "set it to the Secret Token of your Zoom app's event subscription; during a rotation list the new " +
      'and the old one, comma-separated, new first',
  ),
  WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS: env
    .int(WEBHOOK_TIMESTAMP_TOLERANCE_S, { min: 1, max: 3600 })
    .describe(
      `largest accepted difference between ${ZoomWebhookHeaders.timestamp} and our clock, in s (default ${WEBHOOK_TIMESTAMP_TOLERANCE_S})`,
    ),
  WEBHOOK_BODY_LIMIT_BYTES: env
    .int(64 * 1024, { min: 1024, max: 900 * 1024 })
    .describe('largest webhook body accepted, in bytes; larger → 413 (default 65536, at most 921600)'),
  WEBHOOK_REQUEST_TIMEOUT_MS: env
    .int(10_000, { min: 100, max: 120_000 })
    .describe('time a client has to send a whole request, in ms; slower → 408 (default 10000)'),
  WEBHOOK_PUBLISH_TIMEOUT_MS: env
    .int(2000, { min: 50, max: 30_000 })
    .describe(
      'how long to wait for JetStream to acknowledge an event before answering 503, in ms; keep it below ' +
        "Zoom's 3 s deadline (default 2000)",
    ),
  WEBHOOK_RETRY_AFTER_SECONDS: env
    .int(5, { min: 1, max: 3600 })
    .describe('Retry-After value sent with 503 and 429 answers, in s (default 5)'),
  WEBHOOK_FAILURE_LIMIT: env
    .int(20, { min: 1, max: 1_000_000 })
    .describe('signature failures one client IP may have per window before it gets 429 (default 20)'),
  WEBHOOK_FAILURE_WINDOW_SECONDS: env
    .int(60, { min: 1, max: 86_400 })
    .describe('window over which WEBHOOK_FAILURE_LIMIT refills, in s (default 60)'),
  TRUST_PROXY: trustProxy.describe(
    'false (default), true, a hop count, or comma-separated proxy IPs/CIDRs: set it when a load balancer ' +
      'sits in front, so failures are counted per real client IP',
  ),
});

export type GatewayConfig = z.infer<typeof GatewayEnv>;

/** Parses the gateway's configuration; throws ConfigError naming every bad variable and its fix. */
export function loadConfig(source?: Record<string, string | undefined>): GatewayConfig {
  return load(SERVICE, GatewayEnv, source);
}
