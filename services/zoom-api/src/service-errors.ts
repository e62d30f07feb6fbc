import {
  InvalidRequestError,
  NoPendingStopError,
  ZoomApiError,
  ZoomAuthError,
  ZoomUnavailableError,
} from './errors.js';

export interface ServiceErrorReply {
  code: number;
  description: string;
}

/**
 * The NATS service error (Nats-Service-Error-Code / Nats-Service-Error headers) for a failed request:
 * 400 invalid request, 404 nothing to cancel, Zoom's own 4xx (with its code and message), 502 Zoom rejected
 * our credentials, 503 Zoom unavailable, 500 anything else.
 */
export function serviceErrorOf(err: unknown): ServiceErrorReply {
  if (err instanceof InvalidRequestError) return { code: 400, description: err.message };
  if (err instanceof NoPendingStopError) return { code: 404, description: err.message };
  if (err instanceof ZoomApiError) {
    const zoom = [err.zoomCode, err.zoomMessage].filter((p) => p !== undefined).join(' ');
    return { code: err.status, description: `zoom ${err.status}${zoom ? ` (${zoom})` : ''}` };
  }
  if (err instanceof ZoomAuthError) {
    const reason = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { code: 502, description: `${err.message}${reason}` };
  }
  if (err instanceof ZoomUnavailableError) return { code: 503, description: err.message };
  return { code: 500, description: `internal error: ${err instanceof Error ? err.message : String(err)}` };
}
