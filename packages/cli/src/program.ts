import { Command, CommanderError, Option } from 'commander';
import { registerControl } from './commands/control.js';
import { registerDoctor } from './commands/doctor.js';
import { registerExport } from './commands/export.js';
import { registerStops } from './commands/stops.js';
import { registerStreams } from './commands/streams.js';
import { registerTail } from './commands/tail.js';
import type { CommandContext } from './context.js';
import { ChecksFailedError, CommandFailedError, ExitCodes, UsageError } from './errors.js';
import { Output } from './output.js';

// The `rtms` command tree, on commander (maintained, typed, generates --help for every command and reports
// unknown options and missing arguments itself: no hand-parsed argv). Every command shares --json and
// --verbose; commander's own exits are turned into our exit codes (2 for usage, 0 for --help).

function buildProgram(ctx: CommandContext): Command {
  const program = new Command('rtms')
    .description('Operate the Zoom RTMS gateway over NATS: streams, transcripts, RTMS control, checks')
    .version('0.1.0')
    .addOption(new Option('--json', 'machine-readable output: one JSON document per line on stdout'))
    .addOption(new Option('-v, --verbose', 'log what the command does (NATS connects, retries) on stderr'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .addHelpText(
      'after',
      '\nEnvironment: NATS_URL, NATS_USER/NATS_PASSWORD or NATS_CREDS_FILE (as the services); docs/cli.md.\n' +
        'Exit codes: 0 ok, 1 failure, 2 usage.',
    );
  registerStreams(program, ctx);
  registerTail(program, ctx);
  registerExport(program, ctx);
  registerControl(program, ctx);
  registerStops(program, ctx);
  registerDoctor(program, ctx);
  return program;
}

/** Runs one command line; resolves to the exit code (never calls process.exit). */
export async function runCli(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCodes.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCodes.ok;
      // `rtms` alone shows the help (on stderr) and is a usage error.
      return err.exitCode === 0 ? ExitCodes.ok : ExitCodes.usage;
    }
    const out = new Output(ctx.io, false);
    if (err instanceof UsageError) {
      out.error(err.message);
      return ExitCodes.usage;
    }
    if (err instanceof CommandFailedError) {
      if (!(err instanceof ChecksFailedError)) out.error(err.message);
      return err.exitCode;
    }
    out.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    return ExitCodes.failure;
  }
}
