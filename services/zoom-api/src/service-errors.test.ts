import { describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  NoPendingStopError,
  OAuthTokenError,
  ZoomApiError,
  ZoomAuthError,
  ZoomUnavailableError,
} from './errors.js';
import { serviceErrorOf } from './service-errors.js';

describe('service-errors - serviceErrorOf', () => {
  it('maps each failure to a service error code with a description', () => {
    expect(serviceErrorOf(new InvalidRequestError('start', 'meetingId: a numeric meeting id'))).toEqual({
      code: 400,
      description: 'invalid start request: meetingId: a numeric meeting id',
    });
    expect(serviceErrorOf(new NoPendingStopError('123'))).toEqual({
      code: 404,
      description: 'no pending delayed stop for meeting 123',
    });
    expect(
      serviceErrorOf(
        new ZoomApiError({
          action: 'start',
          meetingId: '123',
          status: 404,
          zoomCode: 3001,
          zoomMessage: 'Meeting does not exist',
          attempts: 1,
        }),
      ),
    ).toEqual({
      code: 404,
      description: 'zoom 404 (3001 Meeting does not exist)',
    });
    expect(
      serviceErrorOf(new ZoomApiError({ action: 'stop', meetingId: '123', status: 429, attempts: 4 })).code,
    ).toBe(429);
    const auth = new ZoomAuthError('start', '123', {
      cause: new OAuthTokenError(400, 'invalid_client', false),
    });
    // Internal failures: a code and a short public message, never the error's own text.
    const authReply = serviceErrorOf(auth);
    expect(authReply).toEqual({
      code: 502,
      description: "zoom rejected zoom-api's credentials; see the zoom-api log",
    });
    expect(authReply.description).not.toContain('invalid_client');
    expect(serviceErrorOf(new ZoomUnavailableError('start', '123', 4, 503))).toMatchObject({ code: 503 });
    const internal = new Error('connect ECONNREFUSED nats://user:hunter2@10.0.0.1:4222');
    expect(serviceErrorOf(internal)).toEqual({
      code: 500,
      description: 'internal error; see the zoom-api log',
    });
  });
});
