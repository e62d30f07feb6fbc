// @rtms/cli: the `rtms` command as a library (tests run it in-process); bin/rtms.mjs runs dist/main.js.

export type { CliConfig } from './config.js';
export { CLI, CliEnv } from './config.js';
export type { CommandContext } from './context.js';
export { CommandFailedError, ExitCodes, NatsUnavailableError, UsageError } from './errors.js';
export type { CliIo, Sink } from './output.js';
export { buildProgram, runCli } from './program.js';
