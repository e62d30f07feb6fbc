import type { Frame } from '@rtms/zoom-protocol';
import type { SimContext } from '../context.js';
import { keepAliveExpired } from '../interrupts.js';
import type { Conn, MediaConn } from '../model.js';
import { SharedTimer } from '../shared-timer.js';
import { sendJson } from './conn.js';
import { keepAliveRequest } from './server-messages.js';

// Keep-alives on both sockets (docs/rtms-protocol.md §3.8, §6): one timer for every socket. Each tick sends
// KEEP_ALIVE_REQ with the current time; after `keepAliveMaxMissed` unanswered requests the socket is treated
// like Zoom does (signaling → interruption of both sockets; media → that media socket interrupted).

/**
 * A KEEP_ALIVE_RESP counts if it echoes the timestamp of an outstanding request; any answer counts for a
 * request that had no timestamp.
 */
export function answerKeepAlive(conn: Conn, frame: Frame): undefined {
  const ts = frame.timestamp;
  const echoes = ts !== undefined && conn.outstanding.includes(ts);
  if (!echoes && !conn.outstanding.includes(undefined)) return;
  conn.outstanding.length = 0;
  if (conn.stream) conn.stream.stats.keepAlivesAnswered += 1;
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
      const req = keepAliveRequest(now, cfg.peer.keepAliveShape);
      if (sendJson(conn, req.frame)) {
        conn.outstanding.push(req.echo);
        stream.stats.keepAlivesSent += 1;
      }
    }
  }
}
