import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, natsTest, waitFor } from '@rtms/testkit';
import { describe, expect, onTestFinished } from 'vitest';
import { PublicUrlLog } from '../src/public-url-check.js';
import { request, startGateway } from './helpers.js';

/** A stand-in for a tunnel: forwards every request to a target known only later. */
async function startTunnel() {
  let resolveTarget: (url: string) => void = () => undefined;
  const target = new Promise<string>((resolve) => {
    resolveTarget = resolve;
  });
  const server = http.createServer((req, res) => {
    void target.then((base) => {
      const out = http.request(
        new URL(req.url ?? '/', base),
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhook`, forwardTo: resolveTarget };
}

const logged = (logs: Record<string, unknown>[], msg: string) => logs.find((l) => l.msg === msg);

describe('webhook-gateway - PUBLIC_WEBHOOK_URL self-check', () => {
  natsTest('public url - a URL that reaches this gateway passes, and is logged', async ({ nats }) => {
    const tunnel = await startTunnel();
    const gw = await startGateway(nats, { PUBLIC_WEBHOOK_URL: tunnel.url });
    tunnel.forwardTo(gw.url);
    const line = await waitFor(() => logged(gw.logs, PublicUrlLog.ok), { what: 'the check passed' });
    expect(line).toMatchObject({ url: tunnel.url });
    const ready = await request(gw.url, { method: 'GET', path: '/readyz' });
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ checks: { publicWebhookUrl: { ok: true } } });
  });

  natsTest(
    'public url - answered by another gateway: failed, yet the gateway stays ready',
    async ({ nats }) => {
      const tunnel = await startTunnel();
      const other = await startGateway(nats);
      const gw = await startGateway(nats, { PUBLIC_WEBHOOK_URL: tunnel.url });
      tunnel.forwardTo(other.url);
      const line = await waitFor(() => logged(gw.logs, PublicUrlLog.failed), { what: 'the check failed' });
      expect(line?.detail).toMatch(/never arrived at this gateway: another deployment answers this URL/);
      const ready = await request(gw.url, { method: 'GET', path: '/readyz' });
      expect(ready.status).toBe(200);
      expect(ready.json()).toMatchObject({
        ready: true,
        checks: { publicWebhookUrl: { ok: false, advisory: true, final: true } },
      });
    },
  );

  natsTest(
    'public url - answered with another secret, or not at all: the cause is named',
    async ({ nats }) => {
      const tunnel = await startTunnel();
      const other = await startGateway(nats, { ZOOM_WEBHOOK_SECRET_TOKEN: 'another-apps-secret' });
      const gw = await startGateway(nats, { PUBLIC_WEBHOOK_URL: tunnel.url });
      tunnel.forwardTo(other.url);
      const line = await waitFor(() => logged(gw.logs, PublicUrlLog.failed), { what: 'the check failed' });
      expect(line?.detail).toMatch(
        /answered 401: the service at this URL has another ZOOM_WEBHOOK_SECRET_TOKEN/,
      );

      const closed = `http://127.0.0.1:${await freePort()}/webhook`;
      const down = await startGateway(nats, { PUBLIC_WEBHOOK_URL: closed });
      const none = await waitFor(() => logged(down.logs, PublicUrlLog.failed), { what: 'the check failed' });
      expect(none?.detail).toMatch(/no answer \(.*\): the URL does not reach this host/);
    },
  );
});
