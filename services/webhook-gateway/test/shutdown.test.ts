import net from 'node:net';
import { isolatedNatsTest, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { postSigned, request, SECRET, sign, startGateway, storedWebhooks, webhookBody } from './helpers.js';

function rawRequest(body: string): string {
  const ts = String(Math.floor(Date.now() / 1000));
  return (
    'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    `X-Zm-Request-Timestamp: ${ts}\r\nX-Zm-Signature: ${sign(SECRET, ts, body)}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

describe('webhook-gateway - graceful shutdown', () => {
  isolatedNatsTest(
    'shutdown - in-flight publishes finish and are stored; requests arriving meanwhile get 503',
    async ({ nats, natsServer }) => {
      const gateway = await startGateway(nats, { WEBHOOK_PUBLISH_TIMEOUT_MS: '10000' });
      const { port } = new URL(gateway.url);
      const pid = natsServer.pid as number;
      // Freeze the real server (SIGSTOP): the connection stays up, PubAcks just do not come yet.
      process.kill(pid, 'SIGSTOP');
      let resumed = false;
      try {
        const bodies = Array.from({ length: 5 }, () => webhookBody());
        const inFlight = bodies.map((body) => postSigned(gateway.url, body));

        // One more request pipelined behind an in-flight one on the same connection: it arrives after close().
        const socket = net.connect(Number(port), '127.0.0.1');
        let received = '';
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => {
          received += d;
        });
        const socketClosed = new Promise((resolve) => socket.on('close', resolve));
        const first = webhookBody();
        socket.write(rawRequest(first));
        await waitFor(
          async () =>
            /webhook_publishes_in_flight\{[^}]*\} 6/.test(
              (await request(gateway.url, { method: 'GET', path: '/metrics' })).text,
            ),
          { what: '6 publishes in flight' },
        );

        const closed = gateway.close();
        let closeDone = false;
        void closed.then(() => {
          closeDone = true;
        });
        const late = webhookBody();
        socket.write(rawRequest(late));
        expect(closeDone).toBe(false);

        process.kill(pid, 'SIGCONT');
        resumed = true;
        const answers = await Promise.all(inFlight);
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
        await closed;
        await socketClosed;
        const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
        expect(statuses).toEqual([200, 503]);
        expect(received).toContain('"code":"shutting_down"');
        expect(received).toMatch(/retry-after: \d+/i);

        const stored = new Set((await storedWebhooks(nats)).map((m) => m.body));
        for (const body of [...bodies, first]) expect(stored.has(body)).toBe(true);
        expect(stored.has(late)).toBe(false);
        // The listener is closed: nothing new gets in.
        await expect(postSigned(gateway.url, webhookBody())).rejects.toThrow(/ECONNREFUSED/);
      } finally {
        if (!resumed) process.kill(pid, 'SIGCONT');
      }
    },
  );
});
