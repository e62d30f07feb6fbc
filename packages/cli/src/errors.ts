// The CLI's exit codes: 0 ok, 1 the command failed (NATS unreachable, a check failed, Zoom refused), 2 usage
// (unknown command or option, a bad value). Each failure is a named error carrying its code.

export const ExitCodes = { ok: 0, failure: 1, usage: 2 } as const;

/** The command ran and failed: exit 1, with the message (and its fix) on stderr. */
export class CommandFailedError extends Error {
  readonly exitCode: number = ExitCodes.failure;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CommandFailedError';
  }
}

/** The command line itself is wrong: exit 2. */
export class UsageError extends Error {
  readonly exitCode: number = ExitCodes.usage;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** NATS could not be reached (or refused the user) within the connect timeout: exit 1. */
export class NatsUnavailableError extends CommandFailedError {
  constructor(servers: string, options?: ErrorOptions) {
    super(
      `NATS not reachable at ${servers}: set NATS_URL (and NATS_USER/NATS_PASSWORD or NATS_CREDS_FILE when the server has users; ` +
        "npm start's NATS: NATS_USER=rtms-admin NATS_PASSWORD=$(cat .data/secrets/nats-rtms-admin))",
      options,
    );
    this.name = 'NatsUnavailableError';
  }
}

/** A stream or bucket of the system is not on the server: no service has provisioned it yet. Exit 1. */
export class TopologyMissingError extends CommandFailedError {
  constructor(what: string, options?: ErrorOptions) {
    super(
      `${what} not found on this NATS: start the services once (npm start); rtms doctor lists what is missing`,
      options,
    );
    this.name = 'TopologyMissingError';
  }
}

/** `err` as a TopologyMissingError when the server said the stream does not exist, else unchanged. */
export function orTopologyMissing(err: unknown, what: string): unknown {
  const name = err instanceof Error ? err.name : '';
  return name === 'StreamNotFoundError' ? new TopologyMissingError(what, { cause: err }) : err;
}

/** Checks ran and some failed: exit 1; the checks' own lines already said which (nothing more is printed). */
export class ChecksFailedError extends CommandFailedError {
  constructor(readonly failed: number) {
    super(`${failed} check${failed === 1 ? '' : 's'} failed`);
    this.name = 'ChecksFailedError';
  }
}
