import {
  decodeJson,
  InvalidSubjectTokenError,
  Subjects,
  ZoomEvents,
  ZoomWebhookHeaders,
} from '@rtms/contracts';
import type { Tracing } from '@rtms/service-kit';
import { urlValidationToken } from '@rtms/zoom-protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StoreUnavailableError } from './errors.js';
import type { FailureLimiter } from './failure-limiter.js';
import type { GatewayMetrics } from './metrics.js';
import { recordOf, sendError } from './request-record.js';
import type { HeaderCheck, HeaderValue, VerifyFailureReason, WebhookVerifier } from './signature.js';
import { endWebhookSpan, startWebhookSpan } from './webhook-span.js';
import type { WebhookStore } from './webhook-store.js';

export interface WebhookRouteSettings {
  path: string;
  secrets: readonly string[];
  verify: WebhookVerifier;
  /** The verifier's header checks alone: lets a blocked client be refused before its body is read. */
  checkHeaders: HeaderCheck;
  limiter: FailureLimiter;
  store: WebhookStore;
  metrics: GatewayMetrics;
  /** A span per verified webhook that is stored (docs/operations.md, "Tracing"). */
  tracing: Tracing;
  retryAfterSeconds: number;
  now: () => number;
  /** True once shutdown has begun: new requests get 503, in-flight ones finish. */
  isClosing: () => boolean;
  /** Sees every verified url_validation token (the PUBLIC_WEBHOOK_URL self-check looks for its own). */
  onUrlValidation?: (plainToken: string) => void;
}

// Zoom's ids are short tokens; anything else is not copied onto the stored message (or into the log).
const SAFE_HEADER_VALUE = /^[\x21-\x7e]{1,128}$/;
const MAX_PLAIN_TOKEN = 256;
const MAX_LOGGED_EVENT = 100;
const MAX_EVENT_NAME = 200;

function safeHeader(value: HeaderValue): string | undefined {
  return typeof value === 'string' && SAFE_HEADER_VALUE.test(value) ? value : undefined;
}

/**
 * POST <path>: verify the signature over the raw body, validate the envelope, answer url_validation, else
 * store the body verbatim on `zoom.webhook.<event>` and answer 200 only after JetStream's PubAck.
 * Registered in its own scope so the raw-body parser applies to this route only.
 */
export function registerWebhookRoute(app: FastifyInstance, settings: WebhookRouteSettings): void {
  app.register(async (scope) => {
    // Raw bytes in, never a parsed-then-reserialised object: the signature covers the exact bytes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    // Runs before the body is read. A client over its failure budget is refused here only when its headers
    // alone prove the request can never verify (missing, malformed, stale): such requests cost no buffering.
    // A request whose headers could verify is always read and hashed, so a correctly signed one is stored
    // whatever the limiter's state (an attacker sharing Zoom's IP, e.g. behind a proxy, cannot silence it).
    // Callback style (no promise per request); replying without calling done() ends the request here.
    scope.addHook('onRequest', (request, reply, done) => {
      recordOf(request);
      if (settings.isClosing()) {
        sendError(request, reply, 'shutting_down', {
          retryAfterSeconds: settings.retryAfterSeconds,
          closeConnection: true,
        });
        return;
      }
      const wait = settings.limiter.retryAfterSeconds(request.ip);
      if (wait > 0) {
        const failure = settings.checkHeaders(
          request.headers[ZoomWebhookHeaders.signature],
          request.headers[ZoomWebhookHeaders.timestamp],
        );
        if (failure) {
          refuseFailure(request, reply, settings, failure, wait);
          return;
        }
      }
      done();
    });

    scope.post(settings.path, (request, reply) => handleWebhook(request, reply, settings));
  });
}

/**
 * A failed verification: counted against the client; `401` with the reason while the client has budget
 * left, `429 too_many_failures` once it is used up. Only failures are ever shed.
 */
function refuseFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: WebhookRouteSettings,
  reason: VerifyFailureReason,
  knownWait?: number,
): FastifyReply {
  recordOf(request).verifyFailure = reason;
  settings.metrics.verifyFailures.inc({ reason });
  const wait = knownWait ?? settings.limiter.retryAfterSeconds(request.ip);
  settings.limiter.recordFailure(request.ip);
  if (wait > 0) return sendError(request, reply, 'too_many_failures', { retryAfterSeconds: wait });
  return sendError(request, reply, reason);
}

async function handleWebhook(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: WebhookRouteSettings,
): Promise<FastifyReply> {
  const record = recordOf(request);
  const receivedAtMs = settings.now();
  const body = request.body;
  // No content-type and no body: fastify skips parsing and the body is undefined.
  if (!Buffer.isBuffer(body)) return sendError(request, reply, 'unsupported_media_type');

  const { headers } = request;
  const zoomRequestId = safeHeader(headers[ZoomWebhookHeaders.requestId]);
  const trackingId = safeHeader(headers[ZoomWebhookHeaders.trackingId]);
  if (zoomRequestId) record.zoomRequestId = zoomRequestId;
  if (trackingId) record.trackingId = trackingId;

  const verified = settings.verify(
    headers[ZoomWebhookHeaders.signature],
    headers[ZoomWebhookHeaders.timestamp],
    body,
  );
  if (!verified.ok) {
    return refuseFailure(request, reply, settings, verified.reason);
  }

  // The same schema consumers decode with: what passes here never lands in a dead-letter stream.
  const decoded = decodeJson('webhook', settings.path, body);
  if (!decoded.ok) {
    record.detail = decoded.error.message.slice(0, 300);
    // decodeJson sets a cause only when the bytes are not UTF-8 JSON at all.
    return sendError(request, reply, decoded.error.cause ? 'invalid_json' : 'invalid_envelope');
  }
  const { event, payload } = decoded.value;
  record.event = event.length > MAX_LOGGED_EVENT ? `${event.slice(0, MAX_LOGGED_EVENT)}…` : event;

  if (event === ZoomEvents.urlValidation) {
    const plainToken = payload.plainToken;
    if (typeof plainToken !== 'string' || plainToken.length === 0 || plainToken.length > MAX_PLAIN_TOKEN)
      return sendError(request, reply, 'invalid_validation_request');
    record.outcome = 'url_validation';
    settings.onUrlValidation?.(plainToken);
    // Answer with the secret that signed the request: the current one, or the old one mid-rotation.
    const secret = settings.secrets[verified.secretIndex] as string;
    return reply.code(200).send({ plainToken, encryptedToken: urlValidationToken(secret, plainToken) });
  }

  let subject: string;
  try {
    // Zoom's names are short; a huge one would make a publish line the NATS server refuses (max_control_line).
    if (event.length > MAX_EVENT_NAME) return sendError(request, reply, 'invalid_event_name');
    subject = Subjects.webhook(event);
  } catch (err) {
    if (!(err instanceof InvalidSubjectTokenError)) throw err;
    return sendError(request, reply, 'invalid_event_name');
  }

  const span = settings.tracing.enabled
    ? startWebhookSpan(settings.tracing, event, payload, receivedAtMs)
    : undefined;
  try {
    const stored = await settings.store.store(subject, body, {
      receivedAtMs,
      requestTimestamp: String(headers[ZoomWebhookHeaders.timestamp]),
      requestId: zoomRequestId,
      trackingId,
      traceHeaders: span && settings.tracing.headersOf(span),
    });
    record.outcome = stored.duplicate ? 'duplicate' : 'stored';
    record.msgId = stored.msgId;
    record.seq = stored.seq;
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) {
      if (span) endWebhookSpan(span, record, 500, err);
      throw err;
    }
    record.detail = err.cause instanceof Error ? err.cause.message : err.message;
    const answer = sendError(request, reply, err.code, {
      retryAfterSeconds: settings.retryAfterSeconds,
      closeConnection: settings.isClosing(),
    });
    if (span) endWebhookSpan(span, record, answer.statusCode);
    return answer;
  }
  if (span) endWebhookSpan(span, record, 200);
  return reply.code(200).send({ status: record.outcome });
}
