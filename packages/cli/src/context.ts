import type { Logger } from 'pino';
import type { CliConfig } from './config.js';
import type { CliIo } from './output.js';
import { Output } from './output.js';
import { cliLogger, openSession, type Session } from './session.js';

/** What every command gets: the config, the streams, and a NATS session opened on demand. */
export interface CommandContext {
  config: CliConfig;
  io: CliIo;
}

/** The options every command has (`--json`, `--verbose`), as commander hands them over. */
export interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
}

export interface CommandRun {
  out: Output;
  logger: Logger;
  /** Opens NATS (once); closed by `withSession`. */
  session(): Promise<Session>;
}

/** Runs a command body with its Output and a lazily opened NATS session that is always closed after. */
export async function withSession<T>(
  ctx: CommandContext,
  options: GlobalOptions,
  body: (run: CommandRun) => Promise<T>,
): Promise<T> {
  const out = new Output(ctx.io, Boolean(options.json));
  const logger = cliLogger(Boolean(options.verbose));
  let opened: Promise<Session> | undefined;
  try {
    return await body({
      out,
      logger,
      session: () => {
        opened ??= openSession(ctx.config, logger, ctx.io.signal);
        return opened;
      },
    });
  } finally {
    if (opened) await (await opened.catch(() => undefined))?.close();
  }
}

/** Resolves after `ms`, or at once when the command is interrupted (Ctrl-C). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
