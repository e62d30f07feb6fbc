import closeWithGrace from 'close-with-grace';
import type { Logger } from 'pino';

export interface ShutdownSettings {
  logger: Logger;
  /** Longest a graceful shutdown may take before the process exits anyway. */
  graceMs: number;
  /** Stops the service in order: intake first, then in-flight work, then NATS drain. Runs once. */
  close: () => Promise<void>;
}

export interface Shutdown {
  /** True once shutdown has begun (a signal, an uncaught error or the event loop running dry). */
  readonly closing: boolean;
  uninstall(): void;
}

/**
 * Installs graceful shutdown on SIGTERM/SIGINT (and on an uncaught error/rejection, which is logged): runs
 * `close` once, bounded by `graceMs`, then exits. A second signal during shutdown exits at once.
 */
export function installShutdown(settings: ShutdownSettings): Shutdown {
  let closing = false;
  const handle = closeWithGrace({ delay: settings.graceMs }, async ({ signal, err }) => {
    closing = true;
    if (err) settings.logger.error({ err }, 'fatal error; shutting down');
    else settings.logger.info({ signal }, 'shutting down');
    await settings.close();
    settings.logger.info('shutdown complete');
  });
  return {
    get closing() {
      return closing;
    },
    uninstall: () => handle.uninstall(),
  };
}
