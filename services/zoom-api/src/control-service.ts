import { type Service, type ServiceMsg, Svcm } from '@nats-io/services';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  CancelStopRequest,
  type RtmsAction,
  type RtmsControlReply,
  RtmsControlRequest,
  ScheduleStopRequest,
  Services,
  ZoomApiEndpoints,
} from '@rtms/contracts';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { InvalidRequestError, NoPendingStopError } from './errors.js';
import type { RtmsController } from './rtms-controller.js';
import { isInternal, serviceErrorOf } from './service-errors.js';
import type { StopScheduler } from './stop-scheduler.js';

export interface ControlServiceDeps {
  nc: NatsConnection;
  controller: RtmsController;
  scheduler: StopScheduler;
  logger: Logger;
  version: string;
}

export interface ControlService {
  readonly id: string;
  /** Stops taking requests (queue subscriptions drained). */
  stop(): Promise<void>;
  /** Resolves when every request taken has been answered. */
  settled(): Promise<void>;
}

/**
 * The `zoom-api` NATS service: request/reply endpoints on the contracts' `ZoomApiEndpoints` subjects, in the
 * default queue group (one replica answers each request), discoverable with $SRV.PING/INFO/STATS.
 */
export async function startControlService(deps: ControlServiceDeps): Promise<ControlService> {
  const log = deps.logger.child({ component: 'control-api' });
  const service: Service = await new Svcm(deps.nc).add({
    name: Services.zoomApi,
    version: deps.version,
    description: 'Start, stop, pause and resume Zoom RTMS; schedule and cancel delayed stops',
  });
  const inFlight = new Set<Promise<void>>();

  function endpoint<S extends z.ZodType>(
    name: string,
    subject: string,
    schema: S,
    run: (request: z.infer<S>) => Promise<RtmsControlReply>,
  ): void {
    const answer = async (msg: ServiceMsg) => {
      let meetingId: string | undefined;
      try {
        const request = decode(name, schema, msg.data);
        meetingId = (request as { meetingId?: string }).meetingId;
        msg.respond(JSON.stringify(await run(request)));
      } catch (err) {
        const { code, description } = serviceErrorOf(err);
        // The caller gets the public message only; the log has the whole error for internal failures.
        if (isInternal(code)) log.error({ endpoint: name, meetingId, code, err }, 'control request failed');
        else log.warn({ endpoint: name, meetingId, code, description }, 'control request failed');
        msg.respondError(code, description);
      }
    };
    service.addEndpoint(name, {
      subject,
      metadata: { request: schemaName(name) },
      handler: (err, msg) => {
        if (err) {
          log.error({ err, endpoint: name }, 'control endpoint subscription failed');
          return;
        }
        const p: Promise<void> = answer(msg).finally(() => inFlight.delete(p));
        inFlight.add(p);
      },
    });
  }

  const control = (action: RtmsAction) => async (request: RtmsControlRequest) => {
    const result = await deps.controller.run({
      action,
      meetingId: request.meetingId,
      participantUserId: request.participantUserId,
      source: 'api',
    });
    // A manual stop makes a pending delayed stop pointless. RTMS is stopped either way: a failure here is
    // logged, not answered (the delayed stop would then get Zoom's "not running").
    if (action === 'stop')
      await deps.scheduler
        .cancel({ meetingId: request.meetingId }, 'stopped through the control API', 'api')
        .catch((err: unknown) =>
          log.warn({ err, meetingId: request.meetingId }, 'pending delayed stop not cancelled'),
        );
    return { ok: true as const, meetingId: request.meetingId, action, httpStatus: result.status };
  };

  endpoint('start', ZoomApiEndpoints.start, RtmsControlRequest, control('start'));
  endpoint('stop', ZoomApiEndpoints.stop, RtmsControlRequest, control('stop'));
  endpoint('pause', ZoomApiEndpoints.pause, RtmsControlRequest, control('pause'));
  endpoint('resume', ZoomApiEndpoints.resume, RtmsControlRequest, control('resume'));
  endpoint('schedule-stop', ZoomApiEndpoints.scheduleStop, ScheduleStopRequest, async (request) => {
    const scheduled = await deps.scheduler.schedule({
      meetingId: request.meetingId,
      meetingUuid: request.meetingUuid,
      delayMs: request.delaySeconds * 1000,
      source: 'api',
    });
    return { ok: true, meetingId: request.meetingId, action: 'schedule_stop', dueAt: scheduled.dueAt };
  });
  endpoint('cancel-stop', ZoomApiEndpoints.cancelStop, CancelStopRequest, async (request) => {
    const pending = await deps.scheduler.cancel(
      { meetingId: request.meetingId },
      'cancelled through the control API',
      'api',
    );
    if (!pending) throw new NoPendingStopError(request.meetingId);
    return { ok: true, meetingId: request.meetingId, action: 'cancel_stop' };
  });

  log.info({ id: service.info().id, endpoints: Object.values(ZoomApiEndpoints) }, 'control API ready');
  return {
    id: service.info().id,
    async stop() {
      await service.stop();
    },
    async settled() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

function schemaName(endpoint: string): string {
  if (endpoint === 'schedule-stop') return 'ScheduleStopRequest';
  if (endpoint === 'cancel-stop') return 'CancelStopRequest';
  return 'RtmsControlRequest';
}

function decode<S extends z.ZodType>(endpoint: string, schema: S, data: Uint8Array): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(data));
  } catch {
    throw new InvalidRequestError(endpoint, 'body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InvalidRequestError(endpoint, detail);
  }
  return parsed.data;
}
