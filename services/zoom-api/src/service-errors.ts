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
 * The NATS service error (Nats-Service-Error-Code / Nats-Service-Error headers) for a failed request: a code
 * and a short public message, never the text of an internal error (that goes to the log only): 400 invalid
 * request (names the field), 404 nothing to cancel, Zoom's own 4xx (with Zoom's code and message), 502 Zoom
 * rejected our credentials, 503 Zoom unavailable, 500 anything else.
 */
export function serviceErrorOf(err: unknown): ServiceErrorReply {
  if (err instanceof InvalidRequestError) return { code: 400, description: err.message };
  if (err instanceof NoPendingStopError) return { code: 404, description: err.message };
  if (err instanceof ZoomApiError) {
    const zoom = [err.zoomCode, err.zoomMessage].filter((p) => p !== undefined).join(' ');
    return { code: err.status, description: `zoom ${err.status}${zoom ? ` (${zoom})` : ''}` };
  }
  if (err instanceof ZoomAuthError)
    return { code: 502, description: "zoom rejected zoom-api's credentials; see the zoom-api log" };
  // Our own text about Zoom's answers (attempts, last status): nothing internal.
  if (err instanceof ZoomUnavailableError) return { code: 503, description: err.message };
  return { code: 500, description: 'internal error; see the zoom-api log' };
}

/** True for failures whose full error belongs in the log (the caller only gets the public message). */
export function isInternal(code: number): boolean {
  return code >= 500;
}
