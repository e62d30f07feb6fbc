// Named errors of zoom-api. Each maps to one service error code (service-errors.ts) and one log line.

/** Zoom answered a call with an error that retrying will not fix (4xx, or 429 beyond what we wait for). */
interface ZoomRefusal {
  action: string;
  meetingId: string;
  status: number;
  zoomCode?: number | string | undefined;
  zoomMessage?: string | undefined;
  attempts: number;
}

export class ZoomApiError extends Error {
  readonly action: string;
  readonly meetingId: string;
  readonly status: number;
  readonly zoomCode: number | string | undefined;
  readonly zoomMessage: string | undefined;
  readonly attempts: number;

  constructor(refusal: ZoomRefusal, options?: ErrorOptions) {
    const { action, meetingId, status, zoomCode, zoomMessage } = refusal;
    super(
      `zoom answered ${status} to ${action} for meeting ${meetingId}` +
        (zoomCode !== undefined || zoomMessage ? `: ${zoomCode ?? ''} ${zoomMessage ?? ''}`.trimEnd() : ''),
      options,
    );
    this.name = 'ZoomApiError';
    this.action = action;
    this.meetingId = meetingId;
    this.status = status;
    this.zoomCode = zoomCode;
    this.zoomMessage = zoomMessage;
    this.attempts = refusal.attempts;
  }
}

/** Zoom did not answer usefully (5xx, network errors, timeouts) after every attempt. */
export class ZoomUnavailableError extends Error {
  constructor(
    readonly action: string,
    readonly meetingId: string,
    readonly attempts: number,
    /** The last HTTP status, when there was one. */
    readonly lastStatus: number | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `zoom unavailable for ${action} of meeting ${meetingId} after ${attempts} attempt(s)` +
        (lastStatus ? ` (last status ${lastStatus})` : ''),
      options,
    );
    this.name = 'ZoomUnavailableError';
  }
}

/** The OAuth token endpoint failed: `retriable` for 5xx/network errors, not for rejected credentials. */
export class OAuthTokenError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly reason: string,
    readonly retriable: boolean,
    options?: ErrorOptions,
  ) {
    super(`could not get a Zoom access token: ${status ? `${status} ` : ''}${reason}`, options);
    this.name = 'OAuthTokenError';
  }
}

/** Zoom rejected zoom-api's own credentials (token endpoint 4xx): an operator must fix the configuration. */
export class ZoomAuthError extends Error {
  constructor(
    readonly action: string,
    readonly meetingId: string,
    options?: ErrorOptions,
  ) {
    super(`zoom rejected zoom-api's credentials for ${action} of meeting ${meetingId}`, options);
    this.name = 'ZoomAuthError';
  }
}

/** A control request failed its schema. */
export class InvalidRequestError extends Error {
  constructor(
    readonly endpoint: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`invalid ${endpoint} request: ${detail}`, options);
    this.name = 'InvalidRequestError';
  }
}

/** cancel-stop found no pending delayed stop for the meeting. */
export class NoPendingStopError extends Error {
  constructor(
    readonly meetingId: string,
    options?: ErrorOptions,
  ) {
    super(`no pending delayed stop for meeting ${meetingId}`, options);
    this.name = 'NoPendingStopError';
  }
}

/** An RTMS call that failed on Zoom's side (already reported); anything else is a bug or NATS trouble. */
export function isZoomFailure(err: unknown): err is ZoomApiError | ZoomUnavailableError | ZoomAuthError {
  return err instanceof ZoomApiError || err instanceof ZoomUnavailableError || err instanceof ZoomAuthError;
}
