import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@rtms/testkit';
import type { Frame } from '@rtms/zoom-protocol';
import { Registry } from 'prom-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { SocketOpenError } from '../src/errors.js';
import { createConnectorMetrics } from '../src/metrics.js';
import { RtmsSocket, type SocketSettings } from '../src/ws/rtms-socket.js';
import { logger } from './helpers/harness.js';

// One RTMS socket against a hand-driven WebSocket server (real sockets): what Zoom's side may send that the
// simulator never does — garbage, oversized frames, a certificate nobody vouches for.

const settings: SocketSettings = { maxPayload: 64 * 1024, handshakeTimeoutMs: 2000 };

async function server(onConnection: (ws: WebSocket) => void, https?: { key: Buffer; cert: Buffer }) {
  const http = https ? createHttpsServer(https) : undefined;
  const wss = http
    ? new WebSocketServer({ server: http })
    : new WebSocketServer({ port: 0, host: '127.0.0.1' });
  if (http) await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  else await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', onConnection);
  onTestFinished(() => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    http?.close();
  });
  const { port } = (http ?? wss).address() as AddressInfo;
  return `${https ? 'wss' : 'ws'}://127.0.0.1:${port}`;
}

function socketFor(url: string, s: SocketSettings = settings) {
  const registry = new Registry();
  const metrics = createConnectorMetrics(registry);
  const socket = new RtmsSocket({ url, role: 'media', name: 'audio', settings: s, log: logger, metrics });
  onTestFinished(() => socket.close());
  const malformed = async () =>
    (await registry.getSingleMetric('rtms_connector_malformed_frames_total')?.get())?.values[0]?.value ?? 0;
  return { socket, malformed };
}

describe('stream-connector - one RTMS socket', () => {
  it('socket - malformed frames are counted and skipped; every keep-alive is answered, its timestamp echoed', async () => {
    const received: string[] = [];
    const url = await server((ws) => {
      ws.on('message', (d) => received.push(d.toString()));
      ws.send('not json at all');
      ws.send('{"no":"msg_type"}');
      ws.send('[1,2,3]');
      ws.send(Buffer.from([0xff, 0x00, 0x13]));
      ws.send('{"msg_type":12,"timestamp":1727384349123}');
      ws.send('{"msg_type":12,"timestamp":"1727384349124","sequence":3,"extra":{"a":1}}');
      ws.send('{"msg_type":12}');
      ws.send('{"msg_type":14,"content":{"user_id":0,"data":"AAAA","timestamp":5}}');
    });
    const { socket, malformed } = socketFor(url);
    const frames: Frame[] = [];
    socket.onFrame = (f) => frames.push(f);
    const before = Date.now();
    await socket.open();
    await waitFor(() => frames.length === 1 && received.length === 3);
    expect(received.slice(0, 2)).toEqual([
      '{"msg_type":13,"timestamp":1727384349123}',
      '{"msg_type":13,"timestamp":"1727384349124"}',
    ]);
    // Without a timestamp: answered all the same, with the current time.
    const third = JSON.parse(received[2] ?? '{}');
    expect(third.msg_type).toBe(13);
    expect(third.timestamp).toBeGreaterThanOrEqual(before);
    expect(frames[0]?.msg_type).toBe(14);
    expect(await malformed()).toBe(4);
    expect(socket.isOpen).toBe(true);
  });

  it('socket - a message above maxPayload closes the socket and the owner is told', async () => {
    const url = await server((ws) => ws.send(`{"msg_type":14,"pad":"${'x'.repeat(100 * 1024)}"}`));
    const { socket } = socketFor(url);
    const closed = new Promise<number>((resolve) => {
      socket.onUnexpectedClose = (code) => resolve(code);
    });
    await socket.open();
    // ws sends 1009 (message too big) and ends the connection; the client sees it end abnormally.
    expect([1006, 1009]).toContain(await closed);
    expect(socket.isOpen).toBe(false);
  });

  it('socket - TLS certificates are verified: self-signed is refused, a configured CA is trusted', async () => {
    // A committed self-signed certificate for 127.0.0.1 (test/fixtures/tls/README.md).
    const dir = fileURLToPath(new URL('./fixtures/tls/', import.meta.url));
    const cert = readFileSync(path.join(dir, 'cert.pem'));
    const url = await server(() => undefined, { key: readFileSync(path.join(dir, 'key.pem')), cert });

    const refused = await socketFor(url)
      .socket.open()
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(SocketOpenError);
    expect(String((refused as SocketOpenError).cause)).toMatch(/self[- ]signed/i);

    const trusted = socketFor(url, { ...settings, ca: cert }).socket;
    await trusted.open();
    expect(trusted.isOpen).toBe(true);
  });
});
