import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { event: string; event_ts: number; payload: Record<string, unknown> };
}

/** A webhook endpoint for tests: records raw bodies; `respond` decides each answer (default 200). */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const state: { respond: (w: ReceivedWebhook) => { status: number; body?: string } } = {
    respond: () => ({ status: 200 }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const hook = { headers: req.headers, raw, body: JSON.parse(raw) };
      received.push(hook);
      const answer = state.respond(hook);
      if (answer.status === 0) return; // never answer: the sender times out
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    events: () => received.map((r) => r.body.event),
    set respond(fn: (w: ReceivedWebhook) => { status: number; body?: string }) {
      state.respond = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
