import { z } from 'zod';

// Field builders for env schemas. `z.coerce.boolean()` reads "false" as true, hence an explicit parser.

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export const env = {
  string: () => z.string().min(1),
  bool: (fallback: boolean) =>
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return fallback;
        const s = v.toLowerCase();
        if (TRUE.has(s)) return true;
        if (FALSE.has(s)) return false;
        ctx.addIssue({ code: 'custom', message: `expected true or false, got '${v}'` });
        return z.NEVER;
      }),
  int: (fallback: number, bounds: { min?: number; max?: number } = {}) =>
    z.coerce
      .number()
      .int()
      .min(bounds.min ?? Number.MIN_SAFE_INTEGER)
      .max(bounds.max ?? Number.MAX_SAFE_INTEGER)
      .default(fallback),
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  url: () => z.url(),
  /** Comma-separated list, trimmed, empty items dropped. */
  list: (fallback: string[] = []) =>
    z
      .string()
      .optional()
      .transform((v) =>
        v === undefined
          ? fallback
          : v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
      ),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** Variables every service reads. Spread into a service schema: `z.object({ ...commonEnv(), ... })`. */
export function commonEnv() {
  return {
    NATS_URL: z
      .string()
      .min(1)
      .default('nats://127.0.0.1:4222')
      .describe('NATS server URL(s), comma-separated, e.g. nats://127.0.0.1:4222'),
    NATS_CREDS_FILE: z
      .string()
      .optional()
      .describe('path to a NATS .creds file, when the server requires one'),
    NATS_USER: z
      .string()
      .optional()
      .describe(
        'NATS user name, when the server has users (npm start and docker compose give each service its own: ' +
          "the service's name; docs/operations.md lists what each may do)",
      ),
    NATS_PASSWORD: z
      .string()
      .optional()
      .describe('password of NATS_USER (npm start generates them under .data/secrets/; compose reads .env)'),
    NATS_REPLICAS: env
      .int(1, { min: 1, max: 5 })
      .describe(
        'replicas of every JetStream stream and KV bucket this service provisions: 1 for a single server, ' +
          '3 (or 5) on a cluster of at least that many JetStream servers',
      ),
    NATS_REPLICAS_ALLOW_LOWER: env
      .bool(false)
      .describe(
        'true: lower streams that have more replicas than NATS_REPLICAS; false keeps a higher count set on ' +
          'the server (by an operator) and logs it',
      ),
    LOG_LEVEL: env.logLevel().describe('one of fatal, error, warn, info, debug, trace, silent'),
    LOG_BUFFER_BYTES: env
      .int(4096, { min: 0 })
      .describe(
        'JSON log lines gathered into one write to stdout, in bytes (at most 16000); gathered lines are written ' +
          'within 250 ms and at exit; 0 writes each line on its own',
      ),
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url()
      .optional()
      .describe(
        'OTLP/HTTP collector base URL (e.g. http://127.0.0.1:4318): turns tracing on, spans go to <url>/v1/traces; ' +
          'unset: tracing is off (docs/operations.md, "Tracing")',
      ),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
      .url()
      .optional()
      .describe('full OTLP/HTTP traces URL (e.g. http://127.0.0.1:4318/v1/traces): turns tracing on as well'),
    OTEL_SDK_DISABLED: env.bool(false).describe('true: tracing stays off even with an OTLP endpoint set'),
    SHUTDOWN_GRACE_MS: env.int(10_000, { min: 0 }).describe('how long graceful shutdown may take, in ms'),
  };
}
