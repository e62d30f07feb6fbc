import { networkInterfaces } from 'node:os';
import { expect } from 'vitest';

/**
 * The live transcript page as `npm start` runs it: the printed URL carries a generated access token, the page
 * and its API refuse requests without it, and the sink listens on 127.0.0.1 only (a connection to any other
 * address of this machine is refused).
 */
export async function expectLivePageLocalWithToken(lines: readonly string[], port: number): Promise<void> {
  const printed = lines.map((l) => /live transcript (http:\/\/\S+)/.exec(l)?.[1]).find(Boolean);
  expect(printed).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{24,}$`));
  const url = new URL(printed as string);
  expect((await fetch(url)).status).toBe(200);
  expect((await fetch(new URL(`/api/meetings${url.search}`, url))).status).toBe(200);
  expect((await fetch(new URL('/', url))).status).toBe(401);
  expect((await fetch(new URL('/api/meetings', url))).status).toBe(401);
  const others = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
  for (const a of others) {
    await expect(fetch(`http://${a?.address}:${port}/healthz`), a?.address).rejects.toThrow();
  }
}
