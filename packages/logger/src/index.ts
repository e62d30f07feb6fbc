export { createLogger, loggerOptions } from './logger.js';
export { REDACT_PATHS, REDACTED } from './redaction.js';
