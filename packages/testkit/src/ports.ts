import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Ports for servers a test starts that cannot listen on port 0 (child processes, nats-server clusters). They
// come from OUTSIDE the kernel's ephemeral range (net.ipv4.ip_local_port_range, 32768-60999 by default): that
// range is where every outgoing connection's source port and every port-0 listen of every process on the
// machine come from, so a port found free there can be taken before the server binds it (seen as EADDRINUSE
// while two test packages ran at once). Outside it only another freePort caller can race us, and each
// process walks its own stretch from a random start, skipping ports that are in use.

const FALLBACK: [number, number] = [20_000, 32_768];

/** [first, end) of the ports to hand out: below the ephemeral range, else above it. */
function portRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (lo !== undefined && hi !== undefined && Number.isInteger(lo) && Number.isInteger(hi)) {
      if (lo - 10_000 >= 5000) return [10_000, lo];
      if (65_536 - (hi + 1) >= 5000) return [hi + 1, 65_536];
    }
  } catch {
    // not Linux: the usual ephemeral ranges start at 32768 or 49152
  }
  return FALLBACK;
}

const [FIRST, END] = portRange();
let next = FIRST + Math.floor(Math.random() * (END - FIRST));

/** Whether a server can listen on `port` of 127.0.0.1 right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive TCP ports that were free a moment ago on 127.0.0.1, outside the
 * ephemeral range; this process hands none of them out again until it has walked the whole range.
 */
export async function freePorts(count: number): Promise<number> {
  for (let tries = 0; tries < END - FIRST; tries++) {
    if (next + count > END) next = FIRST;
    const first = next;
    next += count;
    const run = Array.from({ length: count }, (_, i) => first + i);
    if ((await Promise.all(run.map(canListen))).every(Boolean)) return first;
  }
  throw new Error(`no ${count} free consecutive ports between ${FIRST} and ${END - 1} on 127.0.0.1`);
}

/** A TCP port that was free a moment ago on 127.0.0.1, outside the ephemeral range. */
export const freePort = () => freePorts(1);
