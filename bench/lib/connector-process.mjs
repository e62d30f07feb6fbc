import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the BUILT stream-connector (`services/stream-connector/dist/main.js`) against the simulator's RTMS
 * app credentials: audio and transcripts, ws:// allowed, logs discarded (stderr kept). `env` adds or overrides.
 */
export function spawnConnector({ natsUrl, port, credentials, env = {}, nodeArgs = [] }) {
  return spawn(process.execPath, [...nodeArgs, path.join(root, 'services/stream-connector/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NATS_URL: natsUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ZOOM_CLIENT_ID: credentials.clientId,
      ZOOM_CLIENT_SECRET: credentials.clientSecret,
      RTMS_ALLOW_INSECURE_WS: 'true',
      RTMS_MEDIA_TYPES: 'audio,transcript',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
