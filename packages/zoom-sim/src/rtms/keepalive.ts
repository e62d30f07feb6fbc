import type { Frame } from '@rtms/zoom-protocol';
import type { SimContext } from '../context.js';
import { keepAliveExpired } from '../interrupts.js';
import type { Conn, MediaConn } from '../model.js';
import { SharedTimer } from '../shared-timer.js';
import { sendJson } from './conn.js';
import { keepAliveRequest } from './server-messages.js';

// Keep-alives on both sockets (rtms-protocol.md §3.8, §6): one timer for every socket. Each tick sends
// KEEP_ALIVE_REQ with the current time; after `keepAliveMaxMissed` unanswered requests the socket is treated
// like Zoom does (signaling → interruption of both sockets; media → that media socket interrupted).

/** A KEEP_ALIVE_RESP counts only if it echoes the timestamp of an outstanding request. */
export function answerKeepAlive(conn: Conn, frame: Frame): undefined {
  if (typeof frame.timestamp === 'number' && conn.outstanding.includes(frame.timestamp))
    conn.outstanding.length = 0;
}

export class KeepAliveTicker extends SharedTimer {
  constructor(private readonly ctx: SimContext) {
    super(ctx.cfg.keepAliveIntervalMs);
  }

  override tick(): void {
    const { cfg } = this.ctx;
    const now = this.ctx.now();
    for (const conn of this.ctx.registry.conns) {
      const stream = conn.stream;
      if (conn.closed || !conn.handshaken || !stream || stream.frozen || stream.state === 'stopped') continue;
      if (conn.outstanding.length >= cfg.keepAliveMaxMissed) {
        this.ctx.log.info({ streamId: stream.id, connId: conn.id, role: conn.role }, 'keep-alive timeout');
        conn.outstanding.length = 0;
        if (conn.role === 'signaling') keepAliveExpired(this.ctx, stream, 'signaling');
        else keepAliveExpired(this.ctx, stream, 'media', conn as MediaConn);
        continue;
      }
      if (cfg.keepAliveOnlyWhenIdle && now - conn.lastDataAt < cfg.keepAliveIntervalMs) continue;
      if (sendJson(conn, keepAliveRequest(now))) conn.outstanding.push(now);
    }
  }
}
