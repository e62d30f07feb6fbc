import type { AddressInfo } from 'node:net';
import { SERVER_URL_KEYS } from '@rtms/zoom-protocol';
import pino from 'pino';
import type { SimContext } from './context.js';
import { registerControlRoutes } from './control/routes.js';
import { createHandle, type ZoomSimulator } from './handle.js';
import { resolveOptions, type ZoomSimulatorOptions } from './options.js';
import { createPrng } from './prng.js';
import { Registry } from './registry.js';
import { FaultInjector } from './rest/faults.js';
import { createHttpApp, type RestRequestRecord } from './rest/http-app.js';
import { registerOauthRoutes } from './rest/oauth-routes.js';
import { registerRtmsStatusRoutes } from './rest/rtms-status-routes.js';
import { TokenStore } from './rest/tokens.js';
import { attachRtmsServers } from './rtms/servers.js';
import { WebhookSender } from './webhooks/sender.js';

/** WebSocket paths: /rtms/s<serverId>/signaling and /rtms/s<serverId>/media/<kind>. */
const signalingPath = (serverId: number) => `/rtms/s${serverId}/signaling`;
const mediaPath = (serverId: number, kind: string) => `/rtms/s${serverId}/media/${kind}`;

/**
 * Starts the simulator on one HTTP server (REST, OAuth, control API and the RTMS WebSockets) and returns its
 * handle. Close it with `await sim.close()`.
 */
export async function startZoomSimulator(options: ZoomSimulatorOptions = {}): Promise<ZoomSimulator> {
  const cfg = resolveOptions(options);
  const log = options.logger ?? pino({ level: 'silent' });
  const requests: RestRequestRecord[] = [];
  const registry = new Registry();
  const webhooks = new WebhookSender(
    {
      secret: cfg.webhookSecret,
      url: cfg.webhookUrl,
      retryDelaysMs: cfg.webhookRetryDelaysMs,
      timeoutMs: cfg.webhookTimeoutMs,
      retryOnAnyNon2xx: cfg.webhookRetryOnAnyNon2xx,
    },
    log.child({ component: 'webhooks' }),
  );
  let publicUrl = cfg.publicUrl ?? '';
  const ctx: SimContext = {
    cfg,
    log,
    registry,
    webhooks,
    now: Date.now,
    serverUrlsFor: (stream) => `${publicUrl}${signalingPath(stream.serverId)}`,
    mediaUrlsFor: (stream) => {
      const urls: Record<string, string> = {};
      for (const kind of cfg.scopes)
        urls[SERVER_URL_KEYS[kind]] = `${publicUrl}${mediaPath(stream.serverId, kind)}`;
      urls[SERVER_URL_KEYS.all] = `${publicUrl}${mediaPath(stream.serverId, 'all')}`;
      return urls;
    },
  };
  const app = createHttpApp(log.child({ component: 'http' }), requests);
  const tokens = new TokenStore(cfg.tokenTtlSec);
  const faults = new FaultInjector();
  let httpUrl = '';
  registerOauthRoutes(app, ctx, tokens, faults, () => httpUrl);
  registerRtmsStatusRoutes(app, ctx, tokens, faults);
  const rtms = attachRtmsServers(app.server, ctx);
  const handle = createHandle({
    ctx,
    tokens,
    faults,
    requests,
    rng: createPrng(`${cfg.seed}:control`),
    urls: () => ({ url: httpUrl, wsUrl: publicUrl }),
    close: async () => {
      webhooks.close();
      rtms.close();
      for (const m of registry.meetings.values()) if (m.endTimer) clearTimeout(m.endTimer);
      for (const s of registry.streams.values()) if (s.graceTimer) clearTimeout(s.graceTimer);
      await app.close();
    },
  });
  registerControlRoutes(app, handle);
  await app.listen({ host: cfg.host, port: cfg.port });
  const port = (app.server.address() as AddressInfo).port;
  const hostForUrl = cfg.host.includes(':')
    ? `[${cfg.host}]`
    : cfg.host === '0.0.0.0'
      ? '127.0.0.1'
      : cfg.host;
  httpUrl = `http://${hostForUrl}:${port}`;
  if (!cfg.publicUrl) publicUrl = `ws://${hostForUrl}:${port}`;
  publicUrl = publicUrl.replace(/\/+$/, '');
  rtms.start();
  log.info({ url: httpUrl, wsUrl: publicUrl }, 'zoom simulator listening');
  return handle;
}
