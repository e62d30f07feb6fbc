import {
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type OrderedConsumerOptions,
} from '@nats-io/jetstream';
import { decodeJson, Streams, SubjectPatterns, Subjects, type TranscriptSegment } from '@rtms/contracts';
import { transcriptLineFields } from '@rtms/transcript';
import type { Command } from 'commander';
import { type CommandContext, type GlobalOptions, withSession } from '../context.js';
import { parseDuration } from '../duration.js';
import { orTopologyMissing, UsageError } from '../errors.js';
import type { Colors, Output } from '../output.js';
import { MeetingFilter } from '../tail/meeting-filter.js';

interface TailOptions extends GlobalOptions {
  meeting?: string;
  stream?: string;
  since?: number;
  follow: boolean;
}

/** Without --meeting/--stream and --since, this much history comes first. */
const DEFAULT_SINCE_MS = 10 * 60_000;

const SPEAKER_COLORS = ['cyan', 'magenta', 'yellow', 'green', 'blue'] as const;

function speakerColor(c: Colors, userId: string): (s: string) => string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return c[SPEAKER_COLORS[hash % SPEAKER_COLORS.length] ?? 'cyan'];
}

const clock = (ms: number) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });

/** `12:01:02 [stream] Speaker: text`, revisions marked as the sink's log line marks them (attribute). */
export function tailLine(segment: TranscriptSegment, c: Colors, withStream: boolean): string {
  const at = segment.startTime > 0 ? segment.startTime : segment.timestamp;
  const stream = withStream ? `${c.dim(segment.streamId.slice(0, 12))} ` : '';
  const mark = segment.attribute === 'new' ? '' : c.dim(` (${segment.attribute})`);
  const speaker = speakerColor(c, segment.userId)(segment.userName || segment.userId);
  return `${c.dim(clock(at))} ${stream}${speaker}: ${segment.text}${mark}`;
}

function consumerStart(options: TailOptions): Partial<OrderedConsumerOptions> {
  const sinceMs = options.since ?? (options.meeting || options.stream ? undefined : DEFAULT_SINCE_MS);
  if (sinceMs === undefined) return { deliver_policy: DeliverPolicy.All };
  return {
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(Date.now() - sinceMs).toISOString(),
  };
}

async function tail(
  ctx: CommandContext,
  options: TailOptions,
  out: Output,
  js: JetStreamClient,
  jsm: JetStreamManager,
) {
  const filter = options.stream ? Subjects.transcript(options.stream) : SubjectPatterns.transcripts;
  const meeting = options.meeting ? new MeetingFilter(jsm, options.meeting) : undefined;
  const consumer = await js.consumers
    .get(Streams.transcripts, {
      filter_subjects: filter,
      ...consumerStart(options),
    })
    .catch((err: unknown) => {
      throw orTopologyMissing(err, `stream ${Streams.transcripts}`);
    });
  let caughtUp = (await consumer.info(true)).num_pending === 0;
  const announce = () =>
    out.note(
      out.colors.dim(options.follow ? '-- caught up; following (Ctrl-C to leave)' : '-- end of history'),
    );
  if (caughtUp) {
    announce();
    if (!options.follow) return;
  }
  const messages: ConsumerMessages = await consumer.consume();
  const stop = () => void messages.close();
  ctx.io.signal.addEventListener('abort', stop, { once: true });
  if (ctx.io.signal.aborted) stop();
  try {
    for await (const msg of messages) {
      const decoded = decodeJson('transcript', msg.subject, msg.data);
      if (decoded.ok && (!meeting || (await meeting.matches(decoded.value.meetingUuid)))) {
        if (out.json) out.jsonLine(transcriptLineFields(decoded.value, msg.seq));
        else out.line(tailLine(decoded.value, out.colors, !options.stream));
      }
      if (!caughtUp && msg.info.pending === 0) {
        caughtUp = true;
        announce();
        if (!options.follow) break;
      }
    }
  } finally {
    ctx.io.signal.removeEventListener('abort', stop);
    await messages.close().catch(() => undefined);
  }
}

export function registerTail(program: Command, ctx: CommandContext): void {
  program
    .command('tail')
    .description('transcript lines as they arrive, after the history (follows until Ctrl-C)')
    .option('-m, --meeting <id>', 'only this meeting: numeric meeting id or meeting UUID')
    .option('-s, --stream <id>', 'only this RTMS stream (rtms_stream_id)')
    .option(
      '--since <duration>',
      'history from this long ago (default: all of it with --meeting/--stream, else 10m)',
      parseDuration,
    )
    .option('--no-follow', 'print the history and exit')
    .addHelpText(
      'after',
      "\nWith --json each line is the transcript-sink's log line fields (speaker, text, streamId, seq, ...).\n\nExamples:\n  rtms tail\n  rtms tail --meeting 81234567890 --since 1h\n  rtms tail --stream 3f9a... --no-follow --json",
    )
    .action((_o, cmd: Command) => {
      const options = cmd.optsWithGlobals<TailOptions>();
      if (options.meeting && options.stream) throw new UsageError('give --meeting or --stream, not both');
      if (options.stream && !/^[A-Za-z0-9_-]+$/.test(options.stream))
        throw new UsageError(`'${options.stream}' is not a stream id (letters, digits, - and _)`);
      return withSession(ctx, options, async ({ out, session }) => {
        const { js, jsm } = await session();
        await tail(ctx, options, out, js, jsm);
      });
    });
}
