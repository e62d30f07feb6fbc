import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, freePorts } from './ports.js';

const listen = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });

describe('ports', () => {
  it('ports - free ports lie outside the ephemeral range, are listenable, and are not handed out twice', async () => {
    const range = '/proc/sys/net/ipv4/ip_local_port_range';
    // Elsewhere than Linux the ports come from below 32768 (the usual ranges start there or at 49152).
    const [lo, hi] = existsSync(range)
      ? readFileSync(range, 'utf8').trim().split(/\s+/).map(Number)
      : [32_768, 65_535];
    const first = await freePorts(3);
    const more = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    const all = [first, first + 1, first + 2, ...more];
    expect(new Set(all).size).toBe(all.length);
    for (const p of all) {
      expect(p < (lo as number) || p > (hi as number), `${p} in ${lo}-${hi}`).toBe(true);
      await listen(p);
    }
  });
});
