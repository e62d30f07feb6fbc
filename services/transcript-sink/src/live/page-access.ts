import { presentedToken, tokenMatches } from '@rtms/service-kit';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

// Access to the live page and its API with TRANSCRIPT_PAGE_TOKEN. The token comes as `?token=` (the page's
// own URL, which its script passes on to the API and the event stream: EventSource cannot send headers) or as
// `Authorization: Bearer <token>` (scripts). The page's static script and stylesheet hold no data and stay
// open; health, readiness and metrics are the service kit's and are never behind the token.

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
