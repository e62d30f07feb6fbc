import { WebSocket } from 'ws';
import type { Conn } from '../model.js';

// Socket helpers shared by the signaling and media servers. Sends are no-ops on closed sockets so lifecycle
// code never has to check.

export function sendText(conn: Conn, text: string): boolean {
  if (conn.closed || conn.ws.readyState !== WebSocket.OPEN) return false;
  conn.ws.send(text);
  return true;
}

export function sendJson(conn: Conn | undefined, message: object): boolean {
  return conn ? sendText(conn, JSON.stringify(message)) : false;
}

/** Orderly close after pending sends flush (the client sees `code`). */
export function closeConn(conn: Conn, code = 1000, reason = ''): void {
  if (conn.closed) return;
  conn.closed = true;
  try {
    conn.ws.close(code, reason.slice(0, 120));
  } catch {
    conn.ws.terminate();
  }
}

/** Abrupt drop, like a network failure (the client sees 1006). */
export function dropConn(conn: Conn): void {
  conn.closed = true;
  conn.ws.terminate();
}
