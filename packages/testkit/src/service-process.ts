import { existsSync } from 'node:fs';
import path from 'node:path';
import { type ManagedProcess, startProcess } from './child-process.js';
import { freePort } from './ports.js';

interface ServiceProcessOptions {
  /** The service package's folder; its built `dist/main.js` is run. */
  packageDir: string;
  name: string;
  natsUrl: string;
  /** The service's own variables (added to NATS_URL, PORT, HOST, LOG_LEVEL=info, SHUTDOWN_GRACE_MS=5000). */
  env?: Record<string, string>;
  /** The log line that says it is up (e.g. /transcript sink listening/). */
  readyLine: RegExp;
}

/**
 * A service as a real process (`node dist/main.js`) on 127.0.0.1 and a free port, resolved once its ready line
 * is logged; if it never comes, the error carries the process's last lines. The caller stops it.
 */
export async function startServiceProcess(
  options: ServiceProcessOptions,
): Promise<ManagedProcess & { port: number }> {
  const entry = path.join(options.packageDir, 'dist', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the service first (turbo run build)`);
  const port = await freePort();
  const proc = startProcess({
    name: options.name,
    command: process.execPath,
    args: [entry],
    cwd: options.packageDir,
    env: {
      NATS_URL: options.natsUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '5000',
      ...options.env,
    },
  });
  await proc.waitForLine(options.readyLine).catch(async (err: unknown) => {
    await proc.stop('SIGKILL');
    throw new Error(`${options.name} did not start:\n${proc.lines.slice(-20).join('\n')}`, { cause: err });
  });
  return Object.assign(proc, { port });
}
