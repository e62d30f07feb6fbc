import type { Server } from 'node:http';
import type { SimContext } from '../context.js';

/** RTMS signaling and media WebSocket servers on the simulator's HTTP server (work in progress). */
export function attachRtmsServers(server: Server, _ctx: SimContext) {
  server.on('upgrade', (_req, socket) => {
    socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  return { start: () => {}, close: () => {} };
}
