import { type RtmsAction, RtmsActions, RtmsControlRequest, ZoomApiEndpoints } from '@rtms/contracts';
import type { Command } from 'commander';
import { type CommandContext, type GlobalOptions, withSession } from '../context.js';
import { ControlRefusedError, controlRequest } from '../control/control-request.js';
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';

interface ControlOptions extends GlobalOptions {
  user?: string;
  timeout: number;
  after?: number;
  uuid?: string;
  cancel?: boolean;
}

const ACTION_HELP: Record<RtmsAction, string> = {
  start: 'start RTMS for a live meeting (Zoom then sends meeting.rtms_started; the connector joins)',
  stop: 'stop RTMS now; --after schedules a delayed stop, --cancel cancels a pending one',
  pause: 'pause RTMS (Zoom stops sending media until resume)',
  resume: 'resume paused RTMS',
};

function meetingIdOf(value: string): string {
  const parsed = RtmsControlRequest.safeParse({ meetingId: value });
  if (!parsed.success)
    throw new UsageError(`'${value}' is not a meeting id: the numeric id of a live meeting`);
  return parsed.data.meetingId;
}

/** What to ask zoom-api for, from the command and its options. */
function requestOf(action: RtmsAction, meetingId: string, o: ControlOptions) {
  if (action === 'stop' && o.cancel) {
    if (o.after !== undefined) throw new UsageError('--cancel and --after do not go together');
    return { subject: ZoomApiEndpoints.cancelStop, body: { meetingId } };
  }
  if (action === 'stop' && o.after !== undefined)
    return {
      subject: ZoomApiEndpoints.scheduleStop,
      body: {
        meetingId,
        delaySeconds: Math.round(o.after / 1000),
        ...(o.uuid ? { meetingUuid: o.uuid } : {}),
      },
    };
  return {
    subject: ZoomApiEndpoints[action],
    body: { meetingId, ...(o.user ? { participantUserId: o.user } : {}) },
  };
}

export function registerControl(program: Command, ctx: CommandContext): void {
  for (const action of RtmsActions) {
    const command = program
      .command(action)
      .description(ACTION_HELP[action])
      .argument('<meetingId>', 'numeric id of the meeting')
      .option('--user <participantUserId>', "Zoom's participant_user_id to act for (default: zoom-api's)")
      .option(
        '--timeout <duration>',
        'how long to wait for zoom-api (which retries Zoom)',
        parseDuration,
        30_000,
      );
    if (action === 'stop')
      command
        .option(
          '--after <duration>',
          'schedule a delayed stop this long from now (max 1d) instead of stopping now',
          parseDuration,
        )
        .option(
          '--uuid <meetingUuid>',
          "with --after: the meeting's UUID, so Zoom's rtms_stopped cancels the delayed stop",
        )
        .option('--cancel', 'cancel the pending delayed stop of the meeting (rtms stops lists them)');
    command.addHelpText(
      'after',
      `\nPrints zoom-api's answer (Zoom's HTTP status); a refusal prints Zoom's status, code and message and exits 1.\n\nExample:\n  rtms ${action} 81234567890${action === 'stop' ? '\n  rtms stop 81234567890 --after 10m\n  rtms stop 81234567890 --cancel' : ''}`,
    );
    command.action((value: string, _o, cmd: Command) => {
      const options = cmd.optsWithGlobals<ControlOptions>();
      const meetingId = meetingIdOf(value);
      const { subject, body } = requestOf(action, meetingId, options);
      return withSession(ctx, options, async ({ out, session }) => {
        const { nc } = await session();
        const spinner = out.spinner(`asking zoom-api (${subject})`);
        try {
          const reply = await controlRequest(nc, subject, body, options.timeout);
          spinner.stop();
          if (out.json) return out.jsonLine(reply);
          const status = reply.httpStatus ? ` (Zoom answered HTTP ${reply.httpStatus})` : '';
          const due = reply.dueAt ? `, due ${new Date(reply.dueAt).toISOString()}` : '';
          out.line(`${out.colors.green('ok')} ${reply.action} meeting ${reply.meetingId}${status}${due}`);
        } catch (err) {
          spinner.stop();
          if (out.json && err instanceof ControlRefusedError)
            out.jsonLine({
              ok: false,
              meetingId,
              endpoint: subject,
              code: err.code,
              description: err.description,
            });
          throw err;
        }
      });
    });
  }
}
