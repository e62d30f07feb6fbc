// Every answer the webhook endpoint gives: a stable `code` (in the JSON body of errors), its HTTP status, a
// short message, and the `outcome` label used in metrics and the request log line. docs/webhook-gateway.md
// has the same table; change both together.

import { ZoomWebhookHeaders as H, ZoomEvents } from '@rtms/contracts';

export const Outcomes = [
  'stored',
  'duplicate',
  'url_validation',
  'unauthorized',
  'rate_limited',
  'bad_request',
  'too_large',
  'unsupported_media_type',
  'not_found',
  'unavailable',
  'shutting_down',
  'timeout',
  'error',
] as const;
export type Outcome = (typeof Outcomes)[number];

interface ErrorSpec {
  status: number;
  message: string;
  outcome: Outcome;
}

export const ErrorCodes = {
  missing_headers: {
    status: 401,
    message: `${H.signature} and ${H.timestamp} are required`,
    outcome: 'unauthorized',
  },
  malformed_signature: { status: 401, message: `${H.signature} is malformed`, outcome: 'unauthorized' },
  malformed_timestamp: {
    status: 401,
    message: `${H.timestamp} is malformed`,
    outcome: 'unauthorized',
  },
  timestamp_out_of_window: {
    status: 401,
    message: `${H.timestamp} is too far from the current time`,
    outcome: 'unauthorized',
  },
  signature_mismatch: { status: 401, message: 'signature does not match', outcome: 'unauthorized' },
  too_many_failures: {
    status: 429,
    message: 'too many failed signature checks; retry later',
    outcome: 'rate_limited',
  },
  invalid_json: { status: 400, message: 'body is not valid UTF-8 JSON', outcome: 'bad_request' },
  invalid_envelope: {
    status: 400,
    message: 'body is not a Zoom webhook {event, event_ts, payload}',
    outcome: 'bad_request',
  },
  invalid_event_name: {
    status: 400,
    message:
      'event name must be lowercase dotted words ([a-z0-9_], separated by dots), at most 200 characters',
    outcome: 'bad_request',
  },
  invalid_validation_request: {
    status: 400,
    message: `${ZoomEvents.urlValidation} needs a string payload.plainToken`,
    outcome: 'bad_request',
  },
  bad_request: { status: 400, message: 'malformed request', outcome: 'bad_request' },
  request_timeout: { status: 408, message: 'request not received in time', outcome: 'timeout' },
  headers_too_large: { status: 431, message: 'request headers too large', outcome: 'bad_request' },
  body_too_large: { status: 413, message: 'body exceeds the size limit', outcome: 'too_large' },
  unsupported_media_type: {
    status: 415,
    message: 'content-type must be application/json',
    outcome: 'unsupported_media_type',
  },
  not_found: { status: 404, message: 'no such endpoint', outcome: 'not_found' },
  nats_unavailable: {
    status: 503,
    message: 'event store unavailable; retry later',
    outcome: 'unavailable',
  },
  not_stored: {
    status: 503,
    message: 'event was not acknowledged by the store; retry later',
    outcome: 'unavailable',
  },
  shutting_down: { status: 503, message: 'shutting down; retry later', outcome: 'shutting_down' },
  internal_error: { status: 500, message: 'internal error', outcome: 'error' },
} as const satisfies Record<string, ErrorSpec>;
export type ErrorCode = keyof typeof ErrorCodes;

/** Codes whose answer carries Retry-After. */
export const RETRY_LATER_CODES: ReadonlySet<ErrorCode> = new Set([
  'too_many_failures',
  'nats_unavailable',
  'not_stored',
  'shutting_down',
]);

/** The JSON body of an error answer: short, stable, never internals. */
export function errorBody(code: ErrorCode): { code: ErrorCode; message: string } {
  return { code, message: ErrorCodes[code].message };
}
