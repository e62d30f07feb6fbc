import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';
import { trackProcess } from './process-registry.js';

export interface NatsServerProcess {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  readonly pid: number | undefined;
  /** True while the process runs (false after stop/kill, until start). */
  readonly running: boolean;
  /** Graceful stop (SIGTERM); the store is kept so `start()` brings the same data back. */
  stop(): Promise<void>;
  /** SIGKILL, like a crash; the store is kept. */
  kill(): Promise<void>;
  /**
   * Starts again on the same port and store. `extraArgs`, when given, replace the extra flags for this and
   * later starts (a cluster node restarted without its routes is a partition).
   */
  start(extraArgs?: readonly string[]): Promise<void>;
  /** Stops and deletes the store. */
  dispose(): Promise<void>;
}

export class NatsServerBinaryMissingError extends Error {
  constructor(options?: ErrorOptions) {
    super(
      'nats-server binary not found: install it (Debian: apt-get install -y nats-server), set NATS_SERVER_BIN, ' +
        'or set NATS_URL to a running server started with -js',
      options,
    );
    this.name = 'NatsServerBinaryMissingError';
  }
}

/** The nats-server binary: NATS_SERVER_BIN, else `nats-server` on PATH; undefined when there is none. */
export function findNatsServerBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NATS_SERVER_BIN) return env.NATS_SERVER_BIN;
  const res = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.trim() ? res.stdout.trim() : undefined;
}

const LISTEN_RE = /Listening for client connections on [^\s]*:(\d+)/;

/**
 * Spawns nats-server with JetStream on 127.0.0.1, a random port and a temporary store. Resolves once it
 * accepts connections. The process is registered so that it is killed if the test process exits.
 */
export async function startNatsServer(
  options: {
    binary?: string;
    port?: number;
    storeDir?: string;
    /** Flags added after the defaults (server name, cluster listen address, routes). */
    extraArgs?: readonly string[];
  } = {},
): Promise<NatsServerProcess> {
  const binary = options.binary ?? findNatsServerBinary();
  if (!binary) throw new NatsServerBinaryMissingError();
  const storeDir = options.storeDir ?? mkdtempSync(path.join(tmpdir(), 'rtms-nats-'));
  // A port outside the ephemeral range (ports.ts), so a restart can bind it again: a port-0 one could be taken
  // by some outgoing connection while the server is down.
  let port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  let extraArgs = options.extraArgs ?? [];

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, ...extraArgs];
      const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      child = proc;
      trackProcess(proc);
      let log = '';
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`nats-server did not start within 10 s:\n${log}`));
      }, 10_000);
      proc.stderr?.setEncoding('utf8');
      proc.stderr?.on('data', (chunk: string) => {
        if (log.length < 64_000) log += chunk;
        const match = LISTEN_RE.exec(log);
        if (match && /Server is ready/.test(log)) {
          clearTimeout(timer);
          port = Number(match[1]);
          resolve();
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited early (code ${code}, signal ${signal}):\n${log}`));
      });
      proc.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });

  const waitExit = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    get url() {
      return `nats://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    storeDir,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    start: (args?: readonly string[]) => {
      if (args) extraArgs = args;
      return launch();
    },
    async dispose() {
      await waitExit('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
