import type { FastifyReply } from 'fastify';

// Zoom REST error bodies are `{ code, message }`. The reference documents the statuses (400/401/403/404/429)
// but not the codes for this endpoint; these are Zoom's general API codes (124 invalid token, 300 bad body,
// 3001 meeting not found, 3000 generic meeting error, 429 rate limit).

export const ZoomErrorCode = {
  INVALID_TOKEN: 124,
  BAD_REQUEST_BODY: 300,
  MEETING_GENERIC: 3000,
  MEETING_NOT_FOUND: 3001,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export function zoomError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).type('application/json;charset=UTF-8').send({ code, message });
}

/** OAuth endpoint errors use a different shape: `{ reason, error }`. */
export function oauthError(reply: FastifyReply, status: number, error: string, reason: string): FastifyReply {
  return reply.code(status).send({ reason, error });
}
