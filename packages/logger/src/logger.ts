import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACT_PATHS, REDACTED } from './redaction.js';

export type { Logger } from 'pino';

export interface LoggerSettings {
  /** Service name, on every line as `service`. */
  service: string;
  level?: string;
  /** Pretty output; defaults to true only when stdout is a TTY (JSON otherwise, for machines). */
  pretty?: boolean;
  /**
   * JSON lines gathered into one write to stdout, in bytes (LOG_BUFFER_BYTES; 0 or unset: one write per line).
   * What is gathered is written within FLUSH_INTERVAL_MS, when the buffer fills, and at exit.
   */
  bufferBytes?: number;
}

/** The longest a gathered line waits before it is written (with bufferBytes). */
const FLUSH_INTERVAL_MS = 250;
/** pino's stdout destination (SonicBoom) needs its buffer below its largest write, 16 KiB. */
const MAX_LOG_BUFFER_BYTES = 16_000;

/** The pino options every service uses: service name, redaction, ISO time, error serializer. */
export function loggerOptions(settings: LoggerSettings): LoggerOptions {
  const pretty = settings.pretty ?? Boolean(process.stdout.isTTY);
  return {
    level: settings.level ?? 'info',
    base: { service: settings.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: pino.stdSerializers.errWithCause, error: pino.stdSerializers.errWithCause },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              colorize: true,
              translateTime: 'SYS:HH:MM:ss.l',
              ignore: 'pid,hostname',
              messageKey: 'msg',
            },
          },
        }
      : {}),
  };
}

/**
 * A root logger for a service; child loggers carry component and request context. With `bufferBytes` the
 * JSON lines go through one buffered stdout destination: a line costs a string append instead of a write
 * through the thread pool (the gateway's per-request line was its largest cost after the publish,
 * docs/webhook-gateway.md), is on stdout within FLUSH_INTERVAL_MS, and pino writes what is left at exit.
 */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const options = loggerOptions(destination ? { ...settings, pretty: false } : settings);
  if (destination) return pino(options, destination);
  if (options.transport || !settings.bufferBytes) return pino(options);
  const stdout = pino.destination({
    dest: 1,
    sync: false,
    minLength: Math.min(settings.bufferBytes, MAX_LOG_BUFFER_BYTES),
  });
  setInterval(() => stdout.flush(), FLUSH_INTERVAL_MS).unref();
  return pino(options, stdout);
}
