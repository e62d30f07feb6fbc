import type { ServerUrlMap } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import type { Stream } from './model.js';
import type { SimConfig } from './options.js';
import type { Registry } from './registry.js';
import type { WebhookSender } from './webhooks/sender.js';

/** What lifecycle, servers and routes share: config, state, the webhook sender and URL builders. */
export interface SimContext {
  cfg: SimConfig;
  log: Logger;
  registry: Registry;
  webhooks: WebhookSender;
  /** The `server_urls` value of a stream's rtms_started webhook (its current signaling server). */
  serverUrlsFor(stream: Stream): string;
  /** The media URL map of a signaling handshake response, limited to the app's scopes. */
  mediaUrlsFor(stream: Stream): ServerUrlMap;
  /** Wall clock (ms). */
  now(): number;
}
