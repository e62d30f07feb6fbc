import { commonEnv, env } from '@rtms/config';
import { z } from 'zod';

export const CLI = 'rtms';

const common = commonEnv();

/** The variables `rtms` reads: NATS as the services do, plus where `rtms doctor` finds the services. */
export const CliEnv = z.object({
  NATS_URL: common.NATS_URL,
  NATS_CREDS_FILE: common.NATS_CREDS_FILE,
  NATS_USER: common.NATS_USER,
  NATS_PASSWORD: common.NATS_PASSWORD,
  NATS_REPLICAS: common.NATS_REPLICAS.describe(
    'replicas `rtms doctor` expects of every stream and KV bucket (the services run with the same value)',
  ),
  RTMS_CONNECT_TIMEOUT_MS: env
    .int(5000, { min: 100 })
    .describe('rtms: how long to try reaching NATS before giving up with exit 1, in ms'),
  RTMS_SERVICE_URLS: env
    .list()
    .describe(
      'rtms doctor: the services to check, `name=http://host:port` comma-separated (default: every service on ' +
        '127.0.0.1 at <NAME>_PORT as npm start runs them, e.g. ZOOM_API_PORT)',
    ),
  WEBHOOK_GATEWAY_PORT: env
    .port(3000)
    .describe('webhook-gateway port rtms doctor checks (npm start reads it)'),
  ZOOM_API_PORT: env.port(3001).describe('zoom-api port rtms doctor checks (npm start reads it)'),
  STREAM_CONNECTOR_PORT: env
    .port(3002)
    .describe('stream-connector port rtms doctor checks (npm start reads it)'),
  TRANSCRIPT_SINK_PORT: env
    .port(3003)
    .describe('transcript-sink port rtms doctor checks (npm start reads it)'),
  MEDIA_RECORDER_PORT: env.port(3004).describe('media-recorder port rtms doctor checks (npm start reads it)'),
});
export type CliConfig = z.infer<typeof CliEnv>;
