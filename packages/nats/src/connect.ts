import { readFile } from 'node:fs/promises';
import {
  connect,
  credsAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
  PermissionViolationError,
} from '@nats-io/transport-node';
import { type BackoffPolicy, retry } from '@rtms/retry';
import type { Logger } from 'pino';
import { NatsConnectError } from './errors.js';
import { recordPermissionViolation } from './permission-violations.js';

export interface ConnectSettings {
  /** One URL or several, comma-separated. */
  servers: string;
  /** Connection name shown by the server (`nats server report connections`). */
  name: string;
  logger: Logger;
  credsFile?: string | undefined;
  /** User and password, for a server with an `authorization { users }` block. */
  user?: string | undefined;
  password?: string | undefined;
  /** Give up on the first connection after this long (default: keep trying until `signal` aborts). */
  firstConnectTimeoutMs?: number;
  signal?: AbortSignal;
  /** Extra client options (tests use small reconnect waits). */
  options?: Partial<NodeConnectionOptions>;
}

/** First connection: 250 ms doubling to 5 s, until firstConnectTimeoutMs or the signal. */
const FIRST_CONNECT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 5000 };

/**
 * Connects with retry and clear logging. Once connected the client reconnects forever; every status change
 * (disconnect, reconnect, errors) is logged with context.
 */
export async function connectNats(settings: ConnectSettings): Promise<NatsConnection> {
  const log = settings.logger.child({ component: 'nats' });
  const servers = settings.servers
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  let attempts = 0;
  try {
    return await retry(
      async (attempt) => {
        attempts = attempt;
        const authenticator = settings.credsFile
          ? credsAuthenticator(await readFile(settings.credsFile))
          : undefined;
        const nc = await connect({
          servers,
          name: settings.name,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 1000,
          pingInterval: 10_000,
          // nats.js builds an Error with a stack per request/publish unless told not to: a measurable CPU cost.
          noAsyncTraces: true,
          ...(authenticator ? { authenticator } : {}),
          ...(settings.user ? { user: settings.user, pass: settings.password ?? '' } : {}),
          ...settings.options,
        });
        log.info({ server: nc.getServer(), attempt }, 'connected to NATS');
        void watchStatus(nc, log);
        return nc;
      },
      {
        backoff: FIRST_CONNECT_BACKOFF,
        ...(settings.firstConnectTimeoutMs === undefined
          ? {}
          : { maxElapsedMs: settings.firstConnectTimeoutMs }),
        ...(settings.signal ? { signal: settings.signal } : {}),
        onRetry: ({ err, attempt, delayMs }) =>
          log.warn(
            { err, servers: settings.servers, attempt, retryInMs: delayMs },
            'NATS not reachable yet, retrying',
          ),
      },
    );
  } catch (cause) {
    throw new NatsConnectError(settings.servers, attempts, { cause });
  }
}

async function watchStatus(nc: NatsConnection, log: Logger): Promise<void> {
  for await (const s of nc.status()) {
    switch (s.type) {
      case 'disconnect':
        log.warn({ server: s.server }, 'disconnected from NATS; reconnecting');
        break;
      case 'reconnect':
        log.info({ server: s.server }, 'reconnected to NATS');
        break;
      case 'error':
        if (s.error instanceof PermissionViolationError) {
          // The server refused one publish or subscription; the connection (and the service) go on.
          recordPermissionViolation(s.error.operation);
          log.error(
            { operation: s.error.operation, subject: s.error.subject, queue: s.error.queue },
            'NATS permission violation: this service may not use that subject',
          );
        } else log.error({ err: s.error }, 'NATS connection error');
        break;
      case 'ldm':
        log.warn({ server: s.server }, 'NATS server entering lame-duck mode');
        break;
      case 'slowConsumer':
        log.warn({ sub: s.sub.getSubject() }, 'slow NATS consumer: messages dropped');
        break;
      default:
        break;
    }
  }
}
