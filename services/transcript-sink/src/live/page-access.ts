import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

// Access to the live page and its API with TRANSCRIPT_PAGE_TOKEN. The token comes as `?token=` (the page's
// own URL, which its script passes on to the API and the event stream: EventSource cannot send headers) or as
// `Authorization: Bearer <token>` (scripts). The page's static script and stylesheet hold no data and stay
// open; health, readiness and metrics are the service kit's and are never behind the token.

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

/** An onRequest hook refusing requests without the token (401); a no-op without a token configured. */
export function requirePageToken(token: string | undefined, kind: 'page' | 'api'): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (token === undefined || tokenMatches(token, presentedToken(request))) {
      done();
      return;
    }
    reply.code(401).header('cache-control', 'no-store');
    if (kind === 'page') {
      reply
        .type('text/plain; charset=utf-8')
        .send('401: this page needs its access token: open the URL with ?token=… that npm start printed\n');
    } else {
      reply.send({
        error: 'unauthorized',
        detail: 'the access token (TRANSCRIPT_PAGE_TOKEN) is missing or wrong',
      });
    }
  };
}
