import type { Command } from 'commander';
import { type CommandContext, type GlobalOptions, pause, withSession } from '../context.js';
import { formatAge, parseDuration } from '../duration.js';
import { type Colors, type Output, table } from '../output.js';
import { mediaSampler, type StreamRow, streamsSnapshot } from '../streams/snapshot.js';

interface StreamsOptions extends GlobalOptions {
  watch?: boolean;
  interval: number;
  sample: number;
}

function stateCell(row: StreamRow, c: Colors): string {
  if (row.state === 'connected' || row.state === 'reconnected') return c.green(row.state);
  if (row.state === 'stopped') return c.dim(row.state);
  return c.yellow(row.state);
}

function mediaCell(row: StreamRow): string {
  const media = Object.entries(row.framesPerSecond).map(([kind, fps]) => `${kind} ${fps}/s`);
  if (row.transcriptSegments > 0) media.push(`transcript ${row.transcriptSegments}`);
  if (row.chatMessages > 0) media.push(`chat ${row.chatMessages}`);
  return media.join(', ') || '-';
}

export function renderStreams(rows: readonly StreamRow[], now: number, c: Colors): string[] {
  if (rows.length === 0) return ['no streams known (none started yet, or the registry entries expired)'];
  return table(
    ['STREAM', 'MEETING', 'STATE', 'OWNER', 'AGE', 'MEDIA'],
    rows.map((r) => [
      r.streamId,
      r.instanceKind === 'meeting' ? r.instanceId : `${r.instanceKind} ${r.instanceId}`,
      stateCell(r, c) + (r.stopReason ? c.dim(` (${r.stopReason})`) : ''),
      r.owner ?? '-',
      formatAge(now - r.startedAt),
      mediaCell(r),
    ]),
  );
}

async function draw(out: Output, rows: StreamRow[], options: StreamsOptions, first: boolean) {
  const now = Date.now();
  if (out.json) return out.jsonLine({ at: now, streams: rows });
  if (options.watch && out.interactive) out.io.stdout.write('\u001b[2J\u001b[H');
  else if (!first) out.line();
  if (options.watch)
    out.line(
      out.colors.dim(`${new Date(now).toISOString()}  every ${options.interval / 1000}s, Ctrl-C to leave`),
    );
  for (const line of renderStreams(rows, now, out.colors)) out.line(line);
}

export function registerStreams(program: Command, ctx: CommandContext): void {
  program
    .command('streams')
    .description('every known RTMS stream: state, owner replica, age, media (frames/s, transcript segments)')
    .option('-w, --watch', 'redraw until Ctrl-C')
    .option('--interval <duration>', 'redraw interval with --watch', parseDuration, 2000)
    .option('--sample <duration>', 'how long media frames are counted for frames/s', parseDuration, 1000)
    .addHelpText(
      'after',
      "\nExamples:\n  rtms streams\n  rtms streams --watch --interval 5s\n  rtms streams --json | jq '.streams[].streamId'",
    )
    .action((_o, cmd: Command) =>
      withSession(ctx, cmd.optsWithGlobals<StreamsOptions>(), async ({ out, session }) => {
        const options = cmd.optsWithGlobals<StreamsOptions>();
        const { nc, jsm } = await session();
        let first = true;
        do {
          const spinner = first ? out.spinner('reading the stream registry') : undefined;
          const sampler = mediaSampler(nc);
          await pause(options.sample, ctx.io.signal);
          const rows = await streamsSnapshot(nc, jsm, sampler.stop());
          spinner?.stop();
          await draw(out, rows, options, first);
          first = false;
          if (options.watch) await pause(options.interval, ctx.io.signal);
        } while (options.watch && !ctx.io.signal.aborted);
      }),
    );
}
