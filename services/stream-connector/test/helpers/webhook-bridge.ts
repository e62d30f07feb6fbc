import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JetStreamClient } from '@nats-io/jetstream';
import { Subjects, webhookMessageId } from '@rtms/contracts';
import { toHeaders } from '@rtms/nats';

/**
 * What webhook-gateway does, minus the signature check: every webhook the simulator POSTs is stored verbatim
 * on `zoom.webhook.<event>` (Nats-Msg-Id = hash of the body) before it is answered 204.
 */
export async function startWebhookBridge(
  js: JetStreamClient,
  /** Headers put on every stored webhook (e.g. a gateway span's traceparent). */
  headers?: Record<string, string>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let event = '';
      try {
        event = String((JSON.parse(body.toString('utf8')) as { event?: unknown }).event ?? '');
      } catch {
        res.writeHead(400).end();
        return;
      }
      js.publish(Subjects.webhook(event), body, {
        msgID: webhookMessageId(body),
        ...(headers ? { headers: toHeaders(headers) } : {}),
      }).then(
        () => res.writeHead(204).end(),
        () => res.writeHead(503).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
