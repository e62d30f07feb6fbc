import { writeFile } from 'node:fs/promises';
import { Streams, TopologyDefaults } from '@rtms/contracts';
import {
  readStreamSegments,
  renderTranscript,
  type TranscriptFormat,
  TranscriptFormats,
} from '@rtms/transcript';
import { type Command, Option } from 'commander';
import { type CommandContext, type GlobalOptions, withSession } from '../context.js';
import { CommandFailedError, orTopologyMissing, UsageError } from '../errors.js';

interface ExportOptions extends GlobalOptions {
  format: TranscriptFormat;
  output?: string;
}

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description("a stream's transcript from JetStream, revisions folded in as the transcript-sink does")
    .argument('<streamId>', 'the RTMS stream (rtms_stream_id; rtms streams lists them)')
    .addOption(
      new Option(
        '-f, --format <format>',
        'jsonl: every segment with its sequence; vtt, srt, txt: the final text',
      )
        .choices(Object.keys(TranscriptFormats))
        .default('txt'),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      '\nWith --json and -o, a summary {streamId, format, segments, file, bytes} is printed.\n\nExamples:\n  rtms export 3f9a... --format vtt -o meeting.vtt\n  rtms export 3f9a... --format jsonl | jq .text',
    )
    .action((streamId: string, _o, cmd: Command) => {
      const options = cmd.optsWithGlobals<ExportOptions>();
      if (!/^[A-Za-z0-9_-]+$/.test(streamId))
        throw new UsageError(`'${streamId}' is not a stream id (letters, digits, - and _)`);
      return withSession(ctx, options, async ({ out, session, logger }) => {
        const { js } = await session();
        const spinner = out.spinner(`reading the transcript of ${streamId}`);
        const entries = await readStreamSegments(js, streamId, logger)
          .catch((err: unknown) => {
            throw orTopologyMissing(err, `stream ${Streams.transcripts}`);
          })
          .finally(() => spinner.stop());
        if (entries.length === 0)
          throw new CommandFailedError(
            `no transcript segments for stream ${streamId} in ${Streams.transcripts} (rtms streams lists the streams; segments are kept ${TopologyDefaults.transcriptRetentionMs / 86_400_000} days)`,
          );
        const text = renderTranscript(entries, options.format);
        if (!options.output) {
          ctx.io.stdout.write(text);
          return;
        }
        await writeFile(options.output, text).catch((cause: unknown) => {
          throw new CommandFailedError(`cannot write ${options.output}: ${(cause as Error).message}`, {
            cause,
          });
        });
        const summary = {
          streamId,
          format: options.format,
          segments: entries.length,
          file: options.output,
          bytes: Buffer.byteLength(text),
        };
        if (out.json) out.jsonLine(summary);
        else
          out.line(
            `${summary.file}: ${summary.format}, ${summary.segments} segments, ${summary.bytes} bytes`,
          );
      });
    });
}
