import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts a BUILT service (`services/<service>/dist/main.js`) on NATS and 127.0.0.1:`port`; `env` adds or
 * overrides, `nodeArgs` go to node (e.g. --cpu-prof); stdout is discarded unless `stdout` is 'inherit'.
 */
export function spawnService(service, { natsUrl, port, env = {}, nodeArgs = [], stdout = 'ignore' }) {
  return spawn(process.execPath, [...nodeArgs, path.join(root, 'services', service, 'dist/main.js')], {
    cwd: root,
    env: { ...process.env, NATS_URL: natsUrl, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
}

/**
 * The stream-connector against the simulator's RTMS app credentials: audio and transcripts, ws:// allowed,
 * logs discarded (stderr kept).
 */
export function spawnConnector({ natsUrl, port, credentials, env = {}, nodeArgs = [] }) {
  return spawnService('stream-connector', {
    natsUrl,
    port,
    nodeArgs,
    env: {
      ZOOM_CLIENT_ID: credentials.clientId,
      ZOOM_CLIENT_SECRET: credentials.clientSecret,
      RTMS_ALLOW_INSECURE_WS: 'true',
      RTMS_MEDIA_TYPES: 'audio,transcript',
      ...env,
    },
  });
}
