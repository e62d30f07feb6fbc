import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, natsTest, startProcess } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { postSigned, request, SECRET, storedWebhooks, webhookBody } from './helpers.js';

// Spawns the built process (turbo's test:integration depends on build): `node dist/main.js`.
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(packageDir, 'dist', 'main.js');
const baseEnv = { LOG_LEVEL: 'info', NO_COLOR: '1', ZOOM_WEBHOOK_SECRET_TOKEN: '' };

describe('webhook-gateway - process', () => {
  natsTest('process - refuses to start without a secret and says how to fix it', async () => {
    const proc = startProcess({
      name: 'gateway',
      command: process.execPath,
      args: [main],
      cwd: packageDir,
      env: baseEnv,
    });
    const { code } = await proc.exited;
    expect(code).toBe(1);
    const line = proc.lines.find((l) => l.includes('ZOOM_WEBHOOK_SECRET_TOKEN'));
    expect(line).toContain('is required. Fix: set it to the Secret Token');
    expect(line).not.toContain('at loadConfig');
  });

  natsTest(
    'process - starts, provisions the stream, stores a webhook, shuts down cleanly on SIGTERM',
    async ({ nats }) => {
      const port = await freePort();
      const proc = startProcess({
        name: 'gateway',
        command: process.execPath,
        args: [main],
        cwd: packageDir,
        env: {
          ...baseEnv,
          ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
          NATS_URL: nats.url,
          PORT: String(port),
          HOST: '127.0.0.1',
        },
      });
      try {
        await proc.waitForLine(/webhook gateway listening/);
        const url = `http://127.0.0.1:${port}`;
        expect((await request(url, { method: 'GET', path: '/readyz' })).status).toBe(200);
        const body = webhookBody();
        expect((await postSigned(url, body)).json()).toEqual({ status: 'stored' });
        expect((await storedWebhooks(nats)).map((m) => m.body)).toEqual([body]);
      } finally {
        const exit = await proc.stop('SIGTERM');
        expect(exit.code ?? exit.signal).toBe(0);
      }
      expect(proc.lines.some((l) => l.includes('shutdown complete'))).toBe(true);
      expect(proc.lines.some((l) => l.includes('NATS connection drained'))).toBe(true);
      expect(proc.lines.join('\n')).not.toContain(SECRET);
    },
  );
});
