import type { ZoomApiConfig } from './config.js';

export type ZoomAuth =
  | {
      kind: 'oauth';
      tokenUrl: string;
      accountId: string;
      clientId: string;
      clientSecret: string;
      /** The env vars the OAuth client id and secret came from, named by the start-up credentials check. */
      vars?: { clientId: string; clientSecret: string };
    }
  | { kind: 'static'; token: string };

/** How zoom-api authenticates, and the RTMS app's client id sent as settings.client_id of every call. */
export interface ZoomCredentials {
  auth: ZoomAuth;
  rtmsClientId: string;
}

/**
 * Picks the credentials from a parsed config: a static token when given, else Server-to-Server OAuth with
 * the separate OAuth app's id and secret where set, the RTMS app's otherwise. The schema (ZoomApiEnv) has
 * already refused a config without them.
 */
export function zoomCredentials(c: ZoomApiConfig): ZoomCredentials {
  const rtmsClientId = c.ZOOM_CLIENT_ID;
  const token = c.ZOOM_ACCESS_TOKEN ?? c.access_token;
  if (!rtmsClientId) throw new TypeError('ZOOM_CLIENT_ID missing from a config that passed ZoomApiEnv');
  if (token) return { auth: { kind: 'static', token }, rtmsClientId };
  const clientSecret = c.ZOOM_OAUTH_CLIENT_SECRET ?? c.ZOOM_CLIENT_SECRET;
  if (!c.ZOOM_ACCOUNT_ID || !clientSecret)
    throw new TypeError('OAuth credentials missing from a config that passed ZoomApiEnv');
  return {
    rtmsClientId,
    auth: {
      kind: 'oauth',
      tokenUrl: c.ZOOM_OAUTH_URL,
      accountId: c.ZOOM_ACCOUNT_ID,
      clientId: c.ZOOM_OAUTH_CLIENT_ID ?? rtmsClientId,
      clientSecret,
      vars: {
        clientId: c.ZOOM_OAUTH_CLIENT_ID ? 'ZOOM_OAUTH_CLIENT_ID' : 'ZOOM_CLIENT_ID',
        clientSecret: c.ZOOM_OAUTH_CLIENT_SECRET ? 'ZOOM_OAUTH_CLIENT_SECRET' : 'ZOOM_CLIENT_SECRET',
      },
    },
  };
}
