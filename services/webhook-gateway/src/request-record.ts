import { REDACT_PATHS, REDACTED } from '@rtms/logger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { GatewayMetrics } from './metrics.js';
import { type ErrorCode, ErrorCodes, errorBody, type Outcome, RETRY_LATER_CODES } from './outcomes.js';
import type { VerifyFailureReason } from './signature.js';

/** What one webhook request came to; written by hooks and the handler, logged once when the answer is sent. */
export interface RequestRecord {
  outcome?: Outcome;
  code?: ErrorCode;
  event?: string;
  trackingId?: string;
  zoomRequestId?: string;
  verifyFailure?: VerifyFailureReason;
  msgId?: string;
  seq?: number;
  /** Extra context for a refusal (fastify error code, schema issue), never a secret. */
  detail?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    webhook: RequestRecord | null;
  }
}

/** Starts recording a request (hooks and handlers of the webhook route, 404s and errors). */
export function recordOf(request: FastifyRequest): RequestRecord {
  request.webhook ??= {};
  return request.webhook;
}

/** Sends a coded error answer: status, Retry-After when the client should come back, short JSON body. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  options: { retryAfterSeconds?: number; closeConnection?: boolean } = {},
): FastifyReply {
  const record = recordOf(request);
  record.code = code;
  record.outcome = ErrorCodes[code].outcome;
  if (RETRY_LATER_CODES.has(code) && options.retryAfterSeconds)
    reply.header('retry-after', String(options.retryAfterSeconds));
  if (options.closeConnection) reply.header('connection', 'close');
  return reply.code(ErrorCodes[code].status).send(errorBody(code));
}

/**
 * One structured line and the metrics per recorded request (webhook route, 404s, errors; health probes and
 * scrapes are not logged). Signatures and secrets are never in the record; the logger redacts them anyway.
 */
export function installRequestLog(app: FastifyInstance, metrics: GatewayMetrics, logger: Logger): void {
  // The line is flat and built here field by field, so only top-level paths can apply to it. pino's
  // wildcard redaction ('*.signature', ...) costs ~20 µs per line (measured): more than the HTTP parsing.
  const lineLog = logger.child(
    {},
    { redact: { paths: REDACT_PATHS.filter((p) => !p.includes('*')), censor: REDACTED } },
  );
  app.decorateRequest('webhook', null);
  app.addHook('onResponse', (request, reply, done) => {
    const record = request.webhook;
    if (!record) {
      done();
      return;
    }
    const outcome = record.outcome ?? 'error';
    const latencyMs = Math.round(reply.elapsedTime * 1000) / 1000;
    metrics.requests.inc({ outcome });
    metrics.requestDuration.observe({ outcome }, reply.elapsedTime / 1000);
    const line = {
      reqId: request.id,
      outcome,
      status: reply.statusCode,
      latencyMs,
      ip: request.ip,
      method: request.method,
      path: request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url,
      ...record,
    };
    if (reply.statusCode >= 500) lineLog.warn(line, 'webhook request failed');
    else if (reply.statusCode >= 400) lineLog.info(line, 'webhook request refused');
    else lineLog.info(line, 'webhook request');
    done();
  });
}
