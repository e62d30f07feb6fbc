import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseFrame } from '@rtms/zoom-protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SimContext } from '../context.js';
import { interruptSignaling } from '../interrupts.js';
import { MediaTicker } from '../media/ticker.js';
import type { Conn, MediaConn } from '../model.js';
import { closeConn } from './conn.js';
import { KeepAliveTicker } from './keepalive.js';
import { onMediaFrame } from './media.js';
import { onSignalingFrame } from './signaling.js';

// RTMS signaling and media WebSocket servers on the simulator's HTTP server:
//   /rtms/s<serverId>/signaling        and   /rtms/s<serverId>/media/<audio|video|deskshare|transcript|chat|all>
// Frames larger than maxClientFrameBytes close the socket with 1009 (ws does that); binary frames and
// invalid JSON are answered like any malformed message. Nothing a client sends can throw out of here.

const PATH = /^\/rtms\/s(\d+)\/(signaling|media\/(audio|video|deskshare|transcript|chat|all))$/;

export function attachRtmsServers(server: Server, ctx: SimContext) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: ctx.cfg.maxClientFrameBytes,
    perMessageDeflate: false,
  });
  const keepAlive = new KeepAliveTicker(ctx);
  const media = new MediaTicker(ctx);
  const { registry } = ctx;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const m = PATH.exec(path);
    if (!m) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, Number(m[1]), m[3]));
  });

  function accept(ws: WebSocket, serverId: number, mediaKind: string | undefined): void {
    const base: Conn = {
      id: registry.nextConnId(),
      role: mediaKind ? 'media' : 'signaling',
      ws,
      serverId,
      stream: undefined,
      handshaken: false,
      openedAt: ctx.now(),
      outstanding: [],
      lastDataAt: 0,
      closed: false,
    };
    const conn: Conn | MediaConn = mediaKind
      ? { ...base, role: 'media', pathKind: mediaKind, kinds: [], isAll: false, params: {}, ready: false }
      : base;
    registry.conns.add(conn);
    const handshakeTimer = setTimeout(() => {
      if (!conn.handshaken) closeConn(conn, 1008, 'handshake timeout');
    }, ctx.cfg.handshakeTimeoutMs);
    handshakeTimer.unref();
    ws.on('message', (data, isBinary) => {
      try {
        if (conn.closed) return;
        const frame = isBinary ? undefined : parseFrame(data as Buffer);
        if (conn.role === 'media') onMediaFrame(ctx, conn as MediaConn, frame);
        else onSignalingFrame(ctx, conn, frame);
        if (conn.handshaken) clearTimeout(handshakeTimer);
      } catch (err) {
        ctx.log.error({ err, connId: conn.id }, 'error handling a client frame');
      }
    });
    ws.on('error', (err) => ctx.log.debug({ err, connId: conn.id }, 'websocket error'));
    ws.on('close', () => {
      clearTimeout(handshakeTimer);
      const wasOurs = conn.closed;
      conn.closed = true;
      registry.conns.delete(conn);
      try {
        onClose(conn, wasOurs);
      } catch (err) {
        ctx.log.error({ err, connId: conn.id }, 'error handling a socket close');
      }
    });
  }

  /** The client went away (not a close we initiated). */
  function onClose(conn: Conn, closedByServer: boolean): void {
    const stream = conn.stream;
    if (stream && stream.state !== 'stopped') stream.stats.closesBeforeStop += 1;
    if (!stream || closedByServer || stream.state === 'stopped') return;
    if (conn.role === 'media') {
      stream.media.delete(conn as MediaConn);
      return;
    }
    if (stream.signaling === conn) {
      // Zoom treats a lost signaling connection as an interruption: rtms_interrupted, then a grace period.
      stream.signaling = undefined;
      interruptSignaling(ctx, stream);
    }
  }

  return {
    start: () => {
      keepAlive.start();
      media.start();
    },
    close: () => {
      keepAlive.stop();
      media.stop();
      for (const c of registry.conns) c.ws.terminate();
      registry.conns.clear();
      wss.close();
    },
  };
}
