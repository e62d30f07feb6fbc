import { commonEnv, env, loadConfig as load } from '@rtms/config';
import { Consumers } from '@rtms/contracts';
import { z } from 'zod';

export const SERVICE = 'transcript-sink';

/** A JetStream durable name: one subject token, short enough to leave room for the `-lifecycle` suffix. */
const durableName = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'use only letters, digits, - and _')
  .max(48)
  .default(Consumers.transcriptSink);

export const SinkEnv = z.object({
  ...commonEnv(),
  PORT: env
    .port(3003)
    .describe('HTTP port for the live transcript page, /healthz, /readyz and /metrics (default 3003)'),
  HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe('address to listen on: 0.0.0.0 for every interface (default), 127.0.0.1 for local only'),
  TRANSCRIPT_SINK_CONSUMER: durableName.describe(
    'durable consumer name (default transcript-sink); sinks with different names each get every segment, ' +
      'replicas sharing one name share the work. Letters, digits, - and _ only',
  ),
  TRANSCRIPT_DIR: z
    .string()
    .optional()
    .describe(
      'folder for transcript files: <rtms_stream_id>.jsonl as segments arrive, .vtt and .srt when the ' +
        'stream stops; unset = log lines only',
    ),
  TRANSCRIPT_PAGE: env
    .bool(true)
    .describe(
      'serve the live transcript page and its API on PORT (default true); false = health endpoints only',
    ),
  TRANSCRIPT_PAGE_TOKEN: z
    .string()
    .min(16, 'use at least 16 characters, e.g. `openssl rand -hex 24`')
    .optional()
    .describe(
      'access token of the live page and its API: when set, open the page as /?token=<token> (scripts may ' +
        'send Authorization: Bearer <token>); unset = no token (keep the port private). npm start generates one',
    ),
  RECORDINGS_URL: z
    .string()
    .url('a URL such as http://127.0.0.1:3004')
    .optional()
    .describe(
      "the media recorder's base URL as a browser reaches it (e.g. http://127.0.0.1:3004): the live page " +
        "links each stopped meeting's recording there; unset = no links. npm start and compose set it",
    ),
  TRANSCRIPT_PAGE_MAX_CLIENTS: env
    .int(100, { min: 1, max: 10_000 })
    .describe('open live transcripts allowed at once; more get 503 (default 100)'),
});

export type SinkConfig = z.infer<typeof SinkEnv>;

/** Parses the sink's configuration; throws ConfigError naming every bad variable and its fix. */
export function loadConfig(source?: Record<string, string | undefined>): SinkConfig {
  return load(SERVICE, SinkEnv, source);
}
