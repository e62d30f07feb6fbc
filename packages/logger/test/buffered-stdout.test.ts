import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built logger in a real process writing to a pipe: buffered lines must reach stdout on the timer while
// the process runs, and at exit (also process.exit right after logging), never be lost or cut.
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

function run(
  script: string,
): Promise<{ lines: Record<string, unknown>[]; firstChunkAt: number; exitAt: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = Date.now();
  let out = '';
  let firstChunkAt = -1;
  child.stdout.on('data', (c: Buffer) => {
    if (firstChunkAt < 0) firstChunkAt = Date.now() - started;
    out += c.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () =>
      resolve({
        lines: out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
        firstChunkAt,
        exitAt: Date.now() - started,
      }),
    );
  });
}

describe('logger - buffered stdout', () => {
  it('buffered stdout - a few lines reach stdout on the timer, long before the process ends', async () => {
    const { lines, firstChunkAt, exitAt } = await run(`
      import { createLogger } from ${JSON.stringify(dist)};
      const log = createLogger({ service: 's', pretty: false, bufferBytes: 8192 });
      for (let i = 0; i < 3; i++) log.info({ i }, 'line');
      setTimeout(() => {}, 3000);
    `);
    expect(lines.map((l) => l.i)).toEqual([0, 1, 2]);
    // Far below the buffer size, so only the timer can have written them, seconds before the exit.
    expect(firstChunkAt).toBeGreaterThan(0);
    expect(exitAt - firstChunkAt).toBeGreaterThan(1500);
  });

  it('buffered stdout - lines logged just before process.exit are all written, whole', async () => {
    const { lines } = await run(`
      import { createLogger } from ${JSON.stringify(dist)};
      const log = createLogger({ service: 's', pretty: false, bufferBytes: 4096 });
      for (let i = 0; i < 1000; i++) log.info({ i, pad: 'x'.repeat(100) }, 'line');
      log.fatal('stopping');
      process.exit(1);
    `);
    expect(lines).toHaveLength(1001);
    expect(lines.slice(0, 1000).map((l) => l.i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(lines.at(-1)?.msg).toBe('stopping');
  });
});
