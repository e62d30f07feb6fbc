// The environment `npm start` gives the services. Without Zoom credentials the simulator plays Zoom, and the
// same credentials are handed to the simulator and to every service: the user's where set (never silently
// replaced), the simulator's obviously-fake ones (packages/zoom-sim/credentials.json) for the rest. The services
// get only ordinary variables (URLs, credentials, RTMS_ALLOW_INSECURE_WS): none of them knows the simulator.
import { createRequire } from 'node:module';

const sim = createRequire(import.meta.url)('../../packages/zoom-sim/credentials.json');
/** The simulator's fake Zoom credentials, as the variables the services and the simulator read. */
export const SIMULATOR_CREDENTIALS = {
  ZOOM_ACCOUNT_ID: sim.accountId,
  ZOOM_CLIENT_ID: sim.clientId,
  ZOOM_CLIENT_SECRET: sim.clientSecret,
  ZOOM_WEBHOOK_SECRET_TOKEN: sim.webhookSecret,
};

export const Ports = {
  nats: (env) => Number(env.NATS_PORT ?? 4222),
  sim: (env) => Number(env.SIM_PORT ?? 9090),
};

/**
 * True when no Zoom credentials are configured. ZOOM_SIMULATOR (read by `npm start` only, never by a service)
 * forces it: true runs the simulator even with credentials set, false never runs it.
 */
export function simulatorMode(env) {
  if (env.ZOOM_SIMULATOR === 'true') return true;
  if (env.ZOOM_SIMULATOR === 'false') return false;
  return !env.ZOOM_CLIENT_ID && !env.ZOOM_ACCESS_TOKEN && !env.access_token;
}

/**
 * Zoom values for a simulator run: what the user set (non-empty) is kept, and the simulator gets the same;
 * only the missing ones are the simulator's fake values. `fromUser` and `fromSimulator` name them.
 */
export function simulatorCredentials(env) {
  const values = {};
  const fromUser = [];
  const fromSimulator = [];
  for (const [name, fake] of Object.entries(SIMULATOR_CREDENTIALS)) {
    if (env[name]) {
      values[name] = env[name];
      fromUser.push(name);
    } else {
      values[name] = fake;
      fromSimulator.push(name);
    }
  }
  return { values, fromUser, fromSimulator };
}

/** The one line `npm start` prints about where each Zoom value of a simulator run came from. */
export function credentialsLine({ fromUser, fromSimulator }) {
  const list = (names) => (names.length > 0 ? names.join(', ') : 'none');
  return `Zoom values from you: ${list(fromUser)}; from the simulator: ${list(fromSimulator)}`;
}

export function localEnv(env, { natsUrl, simulator, servicePorts }) {
  // Local runs listen on loopback only unless HOST says otherwise (the live page has no login).
  const out = { HOST: '127.0.0.1', ...env, NATS_URL: natsUrl };
  if (simulator) {
    const simPort = Ports.sim(env);
    Object.assign(out, simulatorCredentials(env).values, {
      // The simulator hands out ws:// URLs; real Zoom's are wss://.
      RTMS_ALLOW_INSECURE_WS: 'true',
      // The demo meeting is recorded (docs/media-recorder.md): its audio also goes into RTMS_MEDIA for the
      // media recorder. Your own RTMS_MEDIA_TYPES / RTMS_RECORDING win.
      RTMS_MEDIA_TYPES: env.RTMS_MEDIA_TYPES ?? 'audio,transcript',
      RTMS_RECORDING: env.RTMS_RECORDING ?? 'true',
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
