import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACT_PATHS, REDACTED } from './redaction.js';

export type { Logger } from 'pino';

export interface LoggerSettings {
  /** Service name, on every line as `service`. */
  service: string;
  level?: string;
  /** Pretty output; defaults to true only when stdout is a TTY (JSON otherwise, for machines). */
  pretty?: boolean;
}

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

/** A root logger for a service; child loggers carry component and request context. */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const options = loggerOptions(destination ? { ...settings, pretty: false } : settings);
  return destination ? pino(options, destination) : pino(options);
}
