import { ServiceError } from '@nats-io/services';
import type { NatsConnection } from '@nats-io/transport-node';
import { RtmsControlReply as ReplySchema, type RtmsControlReply } from '@rtms/contracts';
import { CommandFailedError } from '../errors.js';

// A request to zoom-api's NATS control service (the contracts' ZoomApiEndpoints, discoverable with $SRV):
// the success reply is an RtmsControlReply; a refusal travels as a NATS service error (code + description,
// Zoom's status, code and message when Zoom refused).

/** zoom-api answered with a service error: `code` is Zoom's HTTP status when Zoom refused. */
export class ControlRefusedError extends CommandFailedError {
  constructor(
    readonly endpoint: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`zoom-api refused ${endpoint}: ${code} ${description}`);
    this.name = 'ControlRefusedError';
  }
}

/** Nobody answered on the subject (no zoom-api running or reachable), or not in time. */
class ControlUnansweredError extends CommandFailedError {
  constructor(subject: string, options?: ErrorOptions) {
    super(
      `no answer from zoom-api on ${subject}: is zoom-api running and connected to this NATS? (rtms doctor checks)`,
      options,
    );
    this.name = 'ControlUnansweredError';
  }
}

export async function controlRequest(
  nc: NatsConnection,
  subject: string,
  body: Record<string, unknown>,
  timeoutMs: number,
): Promise<RtmsControlReply> {
  const msg = await nc
    .request(subject, JSON.stringify(body), { timeout: timeoutMs })
    .catch((cause: unknown) => {
      throw new ControlUnansweredError(subject, { cause });
    });
  const refused = ServiceError.toServiceError(msg);
  if (refused) throw new ControlRefusedError(subject, refused.code, refused.message);
  const parsed = ReplySchema.safeParse(msg.json());
  if (!parsed.success)
    throw new CommandFailedError(`zoom-api's answer on ${subject} is not an RtmsControlReply`, {
      cause: parsed.error,
    });
  return parsed.data;
}
