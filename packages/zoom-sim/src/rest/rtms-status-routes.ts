import { StopReason } from '@rtms/zoom-protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SimContext } from '../context.js';
import type { Meeting } from '../model.js';
import { liveStreamOf, pauseStream, resumeStream, startStream, stopStream } from '../streams.js';
import type { FaultInjector } from './faults.js';
import { bearerToken, type TokenStore } from './tokens.js';
import { ZoomErrorCode, zoomError } from './zoom-errors.js';

// PATCH /v2/live_meetings/{meetingId}/rtms_app/status (and the Video SDK variant) (docs/rtms-protocol.md §2).
// Success is an empty 2xx (default 204); the real confirmation is the *.rtms_started webhook.

const StatusBody = z.object({
  action: z.enum(['start', 'stop', 'pause', 'resume']),
  settings: z.object({
    client_id: z.string().min(1),
    participant_user_id: z.string().min(1).optional(),
  }),
});

export function registerRtmsStatusRoutes(
  app: FastifyInstance,
  ctx: SimContext,
  tokens: TokenStore,
  faults: FaultInjector,
): void {
  const handler = (product: 'meeting' | 'session') => async (req: FastifyRequest, reply: FastifyReply) => {
    if (await faults.apply('rest', req, reply)) return reply;
    if (!tokens.isValid(bearerToken(req.headers.authorization), ctx.now())) {
      return zoomError(reply, 401, ZoomErrorCode.INVALID_TOKEN, 'Invalid access token.');
    }
    const parsed = StatusBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'body';
      return zoomError(
        reply,
        400,
        ZoomErrorCode.BAD_REQUEST_BODY,
        `Validation Failed: ${where}: ${issue?.message}`,
      );
    }
    const key = (req.params as { id: string }).id;
    const meeting = ctx.registry.findMeeting(key);
    const noun = product === 'session' ? 'Session' : 'Meeting';
    if (!meeting || (product === 'session') !== (meeting.product === 'session')) {
      return zoomError(reply, 404, ZoomErrorCode.MEETING_NOT_FOUND, `${noun} does not exist: ${key}.`);
    }
    if (meeting.status !== 'started') {
      return zoomError(reply, 400, ZoomErrorCode.MEETING_GENERIC, `${noun} is not in progress.`);
    }
    const { action, settings } = parsed.data;
    if (settings.client_id !== ctx.cfg.clientId) {
      return zoomError(
        reply,
        400,
        ZoomErrorCode.MEETING_GENERIC,
        'Invalid client_id: not an RTMS app of this account.',
      );
    }
    const problem = apply(ctx, meeting, action);
    if (problem) return zoomError(reply, 400, ZoomErrorCode.MEETING_GENERIC, problem);
    return reply.code(ctx.cfg.restSuccessStatus).send();
  };
  app.patch('/v2/live_meetings/:id/rtms_app/status', handler('meeting'));
  app.patch('/v2/videosdk/sessions/:id/rtms_app/status', handler('session'));
}

/** Runs the action; returns the error message when the stream is not in a state that allows it. */
function apply(
  ctx: SimContext,
  meeting: Meeting,
  action: 'start' | 'stop' | 'pause' | 'resume',
): string | undefined {
  const live = liveStreamOf(meeting);
  switch (action) {
    case 'start':
      if (live) return 'RTMS app is already running.';
      startStream(ctx, meeting);
      return undefined;
    case 'stop':
      if (!live) return 'RTMS app is not running.';
      stopStream(ctx, live, StopReason.USER_TRIGGERED);
      return undefined;
    case 'pause':
      if (!live || (live.state !== 'active' && live.state !== 'starting')) return 'RTMS app is not running.';
      pauseStream(ctx, live);
      return undefined;
    case 'resume':
      if (live?.state !== 'paused') return 'RTMS app is not paused.';
      resumeStream(ctx, live);
      return undefined;
  }
}
