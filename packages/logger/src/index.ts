export type { Logger, LoggerSettings } from './logger.js';
export { createLogger, loggerOptions } from './logger.js';
export { REDACT_PATHS, REDACTED } from './redaction.js';
