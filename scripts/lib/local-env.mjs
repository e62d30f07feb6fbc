// The environment `npm start` gives the services. Without Zoom credentials the simulator plays Zoom, and the
// same obviously-fake credentials are handed to the simulator and to every service.
const SIMULATOR_CREDENTIALS = {
  ZOOM_ACCOUNT_ID: 'sim-account-id',
  ZOOM_CLIENT_ID: 'sim-client-id',
  ZOOM_CLIENT_SECRET: 'sim-client-secret',
  ZOOM_WEBHOOK_SECRET_TOKEN: 'sim-webhook-secret-token',
};

export const Ports = {
  nats: (env) => Number(env.NATS_PORT ?? 4222),
  sim: (env) => Number(env.SIM_PORT ?? 9090),
};

/** True when no Zoom credentials are configured (or ZOOM_SIMULATOR=true forces it). */
export function simulatorMode(env) {
  if (env.ZOOM_SIMULATOR === 'true') return true;
  if (env.ZOOM_SIMULATOR === 'false') return false;
  return !env.ZOOM_CLIENT_ID && !env.ZOOM_ACCESS_TOKEN && !env.access_token;
}

export function localEnv(env, { natsUrl, simulator, servicePorts }) {
  // Local runs listen on loopback only unless HOST says otherwise (the live page has no login).
  const out = { HOST: '127.0.0.1', ...env, NATS_URL: natsUrl };
  if (simulator) {
    const simPort = Ports.sim(env);
    Object.assign(out, SIMULATOR_CREDENTIALS, {
      ZOOM_SIMULATOR: 'true',
      SIM_PORT: String(simPort),
      SIM_PUBLIC_URL: env.SIM_PUBLIC_URL ?? `ws://127.0.0.1:${simPort}`,
      ZOOM_API_BASE_URL: `http://127.0.0.1:${simPort}/v2`,
      ZOOM_OAUTH_URL: `http://127.0.0.1:${simPort}/oauth/token`,
      SIM_WEBHOOK_URL:
        env.SIM_WEBHOOK_URL ?? `http://127.0.0.1:${servicePorts['webhook-gateway'] ?? 3000}/webhook`,
    });
  }
  return out;
}
