import type { ZoomSimulator } from '@rtms/zoom-sim';

/** The Zoom variables that point a service at the simulator, with the simulator's credentials. */
export function simZoomEnv(sim: ZoomSimulator): Record<string, string> {
  return {
    ZOOM_ACCOUNT_ID: sim.credentials.accountId,
    ZOOM_CLIENT_ID: sim.credentials.clientId,
    ZOOM_CLIENT_SECRET: sim.credentials.clientSecret,
    ZOOM_WEBHOOK_SECRET_TOKEN: sim.credentials.webhookSecret,
    ZOOM_API_BASE_URL: sim.restBaseUrl,
    ZOOM_OAUTH_URL: sim.oauthUrl,
  };
}
