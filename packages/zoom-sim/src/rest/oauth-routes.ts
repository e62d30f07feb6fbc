import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.js';
import type { FaultInjector } from './faults.js';
import type { TokenStore } from './tokens.js';
import { oauthError } from './zoom-errors.js';

// Server-to-Server OAuth (docs/rtms-protocol.md §2): POST /oauth/token?grant_type=account_credentials&account_id=…
// with HTTP Basic client_id:client_secret → { access_token, token_type, expires_in: 3600, scope, api_url }.

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

export function registerOauthRoutes(
  app: FastifyInstance,
  ctx: SimContext,
  tokens: TokenStore,
  faults: FaultInjector,
  apiUrl: () => string,
): void {
  app.post('/oauth/token', async (req, reply) => {
    if (await faults.apply('oauth', req, reply)) return reply;
    // Zoom takes the parameters from the query string; a form body is accepted too.
    const query = req.query as Record<string, string | undefined>;
    const body = (typeof req.body === 'object' && req.body ? req.body : {}) as Record<string, unknown>;
    const param = (k: string) => query[k] ?? (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const creds = basicCredentials(req.headers.authorization);
    if (!creds || creds.id !== ctx.cfg.clientId || creds.secret !== ctx.cfg.clientSecret) {
      return oauthError(reply, 401, 'invalid_client', 'Invalid client_id or client_secret');
    }
    const grant = param('grant_type');
    if (grant !== 'account_credentials') {
      return oauthError(reply, 400, 'unsupported_grant_type', 'Unsupported grant type');
    }
    if (param('account_id') !== ctx.cfg.accountId) {
      return oauthError(reply, 400, 'invalid_request', 'Invalid account_id');
    }
    const { token, expiresIn } = tokens.issue(ctx.now());
    return reply.code(200).send({
      access_token: token,
      token_type: 'bearer',
      expires_in: expiresIn,
      scope: 'meeting:update:participant_rtms_app_status:admin rtms:read:admin',
      api_url: apiUrl(),
    });
  });
}
