import { loggerOptions } from '@rtms/logger';
import pino, { type Logger } from 'pino';
import { SERVICE } from './config.js';

/**
 * The logger transcript lines go to in the process (`main.ts`). A segment's ledger record must never get
 * ahead of its line: the line has to have left the process before the ledger says it was logged, or a kill
 * in between loses it for good (the redelivery finds the record and logs nothing). The service logger's
 * JSON destination (pino's default SonicBoom on stdout) writes asynchronously through the libuv thread
 * pool, and its `flush()` calls back at once (it only waits for a `minLength` buffer, and there is none),
 * so a line can still be in the process when the record is made. JSON lines therefore go through a
 * synchronous stdout destination of their own: `log.info` returns after the write(2) to fd 1. With pretty
 * output (a transport, on a terminal: for watching, not a record) the service logger is kept; its flush
 * waits only until the transport's thread has taken the line.
 */
export function createTranscriptLogger(service: Logger): Logger {
  const options = loggerOptions({ service: SERVICE, level: service.level });
  if (options.transport) return service.child({ component: 'transcript' });
  return pino(options, pino.destination({ dest: 1, sync: true })).child({ component: 'transcript' });
}
