import type { Command } from 'commander';
import { type CommandContext, type GlobalOptions, withSession } from '../context.js';
import { type CheckLine, fail, pass } from '../doctor/check.js';
import { clockCheck, controlServiceCheck, jetstreamCheck, topologyChecks } from '../doctor/nats-checks.js';
import { serviceChecks, serviceTargets } from '../doctor/service-checks.js';
import { parseDuration } from '../duration.js';
import { ChecksFailedError, NatsUnavailableError } from '../errors.js';
import type { Output } from '../output.js';

interface DoctorOptions extends GlobalOptions {
  services: boolean;
  maxSkew: number;
  timeout: number;
}

function print(out: Output, line: CheckLine, width: number): void {
  const c = out.colors;
  const mark = line.skipped ? c.dim('skip') : line.ok ? c.green('ok  ') : c.red('FAIL');
  const fix = line.ok || line.skipped ? '' : ` ${c.yellow(`-> fix: ${line.fix}`)}`;
  out.line(`${mark} ${line.check.padEnd(width)}  ${line.detail}${fix}`);
}

export function registerDoctor(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description('check what a new set-up gets wrong, one line per check with the fix; exit 1 if any failed')
    .option('--no-services', "skip the services' /readyz checks (NATS only)")
    .option(
      '--max-skew <duration>',
      'largest clock difference to the NATS server that passes',
      parseDuration,
      2000,
    )
    .option('--timeout <duration>', "how long each service's /readyz may take", parseDuration, 3000)
    .addHelpText(
      'after',
      '\nChecks: NATS reachable, JetStream on, every stream, consumer and KV bucket present with NATS_REPLICAS\n' +
        "replicas, zoom-api's control service, clock skew, and each service's /readyz (Zoom credentials, public\n" +
        'webhook URL, ...) at RTMS_SERVICE_URLS or 127.0.0.1:<NAME>_PORT.\n\nExamples:\n  rtms doctor\n  RTMS_SERVICE_URLS=zoom-api=http://zoom-api:3001 rtms doctor --json',
    )
    .action((_o, cmd: Command) => {
      const options = cmd.optsWithGlobals<DoctorOptions>();
      return withSession(ctx, options, async ({ out, session }) => {
        const spinner = out.spinner('checking');
        const lines: CheckLine[] = [];
        try {
          const { nc, jsm } = await session();
          lines.push(pass('NATS', `connected to ${nc.getServer()}`));
          const js = await jetstreamCheck(jsm);
          lines.push(js);
          if (js.ok) {
            lines.push(...(await topologyChecks(jsm, ctx.config.NATS_REPLICAS)));
            lines.push(await clockCheck(jsm, options.maxSkew));
          }
          lines.push(await controlServiceCheck(nc));
        } catch (err) {
          if (!(err instanceof NatsUnavailableError)) throw err;
          lines.push(
            fail('NATS', `not reachable at ${ctx.config.NATS_URL}`, err.message.replace(/^.*?: /, '')),
          );
          lines.push({
            check: 'JetStream, streams, consumers, clock',
            ok: false,
            skipped: true,
            detail: 'need NATS',
          });
        }
        if (options.services)
          for (const target of serviceTargets(ctx.config))
            lines.push(...(await serviceChecks(target, options.timeout)));
        spinner.stop();
        const failed = lines.filter((l) => !l.ok && !l.skipped);
        if (out.json) out.jsonLine({ ok: failed.length === 0, checks: lines });
        else {
          const width = Math.max(...lines.map((l) => l.check.length));
          for (const line of lines) print(out, line, width);
          out.line(
            failed.length === 0
              ? out.colors.green('all checks passed')
              : out.colors.red(`${failed.length} check${failed.length === 1 ? '' : 's'} failed`),
          );
        }
        if (failed.length > 0) throw new ChecksFailedError(failed.length);
      });
    });
}
