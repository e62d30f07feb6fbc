// The baseline for bench/webhook-gateway.bench.mjs: a bare node:http server doing what the gateway does on
// its hot path and nothing else: the same signature verifier, the same JetStream publish (same msgID, same
// headers, same timeout, one connection with the same options), 200 only after the PubAck.
// Run as its own process: `node bench/lib/bare-webhook-server.mjs` with PORT, NATS_URL, ZOOM_WEBHOOK_SECRET_TOKEN.
import http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { WebhookHeaders, webhookMessageId, ZoomWebhookHeaders } from '../../packages/contracts/dist/index.js';
import { createLogger } from '../../packages/logger/dist/index.js';
import { connectNats, publishBytes } from '../../packages/nats/dist/index.js';
import { createWebhookVerifier } from '../../services/webhook-gateway/dist/index.js';

// The bench folder has no node_modules of its own: take @nats-io/jetstream from where @rtms/nats has it.
const fromNats = createRequire(new URL('../../packages/nats/package.json', import.meta.url));
const { jetstream } = await import(pathToFileURL(fromNats.resolve('@nats-io/jetstream')).href);

const port = Number(process.env.PORT);
const secrets = (process.env.ZOOM_WEBHOOK_SECRET_TOKEN ?? '').split(',').filter(Boolean);
const logger = createLogger({ service: 'bare-webhook-server', level: 'warn' });
const nc = await connectNats({ servers: process.env.NATS_URL, name: 'bare-webhook-server', logger });
const js = jetstream(nc, { timeout: 2000 });
const verify = createWebhookVerifier({ secrets, toleranceSeconds: 300, now: Date.now });

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return send(res, 200, '{"status":"ok"}');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    const verified = verify(
      req.headers[ZoomWebhookHeaders.signature],
      req.headers[ZoomWebhookHeaders.timestamp],
      body,
    );
    if (!verified.ok) return send(res, 401, '{"code":"unauthorized"}');
    let event;
    try {
      event = JSON.parse(body.toString('utf8')).event;
    } catch {
      return send(res, 400, '{"code":"invalid_json"}');
    }
    try {
      await publishBytes(js, `zoom.webhook.${event}`, body, {
        msgID: webhookMessageId(body),
        timeoutMs: 2000,
        headers: {
          [WebhookHeaders.receivedAt]: new Date().toISOString(),
          [WebhookHeaders.requestTimestamp]: String(req.headers[ZoomWebhookHeaders.timestamp]),
          [WebhookHeaders.requestId]: String(req.headers[ZoomWebhookHeaders.requestId]),
          [WebhookHeaders.trackingId]: String(req.headers[ZoomWebhookHeaders.trackingId]),
        },
      });
      send(res, 200, '{"status":"stored"}');
    } catch {
      send(res, 503, '{"code":"not_stored"}');
    }
  });
});

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`bare server listening on ${port}\n`));
process.on('SIGTERM', () => {
  server.close();
  nc.drain().then(() => process.exit(0));
});
