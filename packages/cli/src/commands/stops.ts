import type { Command } from 'commander';
import { type CommandContext, type GlobalOptions, withSession } from '../context.js';
import { pendingStops } from '../control/pending-stops.js';
import { formatAge } from '../duration.js';
import { table } from '../output.js';

interface StopsOptions extends GlobalOptions {
  all?: boolean;
}

export function registerStops(program: Command, ctx: CommandContext): void {
  program
    .command('stops')
    .description("zoom-api's pending delayed RTMS stops, soonest first")
    .option('-a, --all', 'also the cancelled ones still waiting for their due time')
    .addHelpText('after', '\nCancel one with: rtms stop MEETING_ID --cancel\n\nExample:\n  rtms stops --json')
    .action((_o, cmd: Command) => {
      const options = cmd.optsWithGlobals<StopsOptions>();
      return withSession(ctx, options, async ({ out, session }) => {
        const { nc, jsm } = await session();
        const stops = (await pendingStops(nc, jsm)).filter((s) => options.all || !s.cancelled);
        if (out.json) return out.jsonLine({ stops });
        if (stops.length === 0) return out.line('no delayed stops pending');
        const now = Date.now();
        const rows = stops.map((s) => [
          s.meetingId,
          s.dueAt > now ? `in ${formatAge(s.dueAt - now)}` : 'due now',
          new Date(s.dueAt).toISOString(),
          s.source,
          s.cancelled ? out.colors.dim('cancelled') : 'pending',
        ]);
        for (const line of table(['MEETING', 'DUE', 'AT', 'FROM', 'STATE'], rows)) out.line(line);
      });
    });
}
