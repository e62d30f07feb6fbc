import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '@rtms/nats';
import pino, { type Logger } from 'pino';
import type { CliConfig } from './config.js';
import { NatsUnavailableError } from './errors.js';

/** One NATS connection for one command, with JetStream; `close()` drains nothing, it only closes. */
export interface Session {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  logger: Logger;
  close(): Promise<void>;
}

/** The library logs of a command (connect retries, invalid messages): silent unless --verbose, on stderr. */
export function cliLogger(verbose: boolean): Logger {
  return pino({ level: verbose ? 'debug' : 'silent', base: { service: 'rtms' } }, pino.destination(2));
}

/** Connects as the services do (NATS_URL, creds or user/password), giving up after RTMS_CONNECT_TIMEOUT_MS. */
export async function openSession(config: CliConfig, logger: Logger, signal?: AbortSignal): Promise<Session> {
  let nc: NatsConnection;
  try {
    nc = await connectNats({
      servers: config.NATS_URL,
      name: 'rtms-cli',
      logger,
      credsFile: config.NATS_CREDS_FILE,
      user: config.NATS_USER,
      password: config.NATS_PASSWORD,
      firstConnectTimeoutMs: config.RTMS_CONNECT_TIMEOUT_MS,
      ...(signal ? { signal } : {}),
      options: { maxReconnectAttempts: -1, reconnectTimeWait: 500 },
    });
  } catch (cause) {
    throw new NatsUnavailableError(config.NATS_URL, { cause });
  }
  return {
    nc,
    js: jetstream(nc),
    jsm: await jetstreamManager(nc, { checkAPI: false }),
    logger,
    close: () => nc.close(),
  };
}
