import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

// An access token on HTTP routes that serve meeting data (the live transcript page, the recordings). It
// comes as `Authorization: Bearer <token>` (scripts) or as `?token=` (a page's own URL and the links it
// makes: a browser's EventSource, <audio> or <a href> cannot send headers).

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The token the request carries, from `Authorization: Bearer` or the `token` query parameter. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length);
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.token;
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}

/**
 * True when `given` is the expected token. Both sides are hashed to 32 bytes first, so the comparison is
 * constant-time whatever the lengths (timingSafeEqual needs equal lengths and would leak the length).
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && timingSafeEqual(digest(expected), digest(given));
}

/**
 * An onRequest hook answering 401 (JSON naming `variable`, the setting that holds the token) to a request
 * without the token; a no-op when no token is configured.
 */
export function requireToken(token: string | undefined, variable: string): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (token === undefined || tokenMatches(token, presentedToken(request))) {
      done();
      return;
    }
    reply
      .code(401)
      .header('cache-control', 'no-store')
      .send({ error: 'unauthorized', detail: `the access token (${variable}) is missing or wrong` });
  };
}
