import { type ChildProcess, spawn } from 'node:child_process';
import { trackProcess } from './process-registry.js';
import { waitFor } from './wait-for.js';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Every output line so far (stdout and stderr). */
  readonly lines: readonly string[];
  /** Waits for an output line matching the pattern; returns it. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends a signal and waits for the exit (SIGKILL after `timeoutMs`). */
  stop(
    signal?: NodeJS.Signals,
    timeoutMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a process (e.g. `node dist/main.js` of a service) for a test, capturing its output line by line.
 * Registered so it never outlives the test process.
 */
export function startProcess(options: {
  name: string;
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Echo output to stderr with a name prefix (debugging). */
  echo?: boolean;
}): ManagedProcess {
  const child: ChildProcess = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackProcess(child);
  const lines: string[] = [];
  const onData = (stream: NodeJS.ReadableStream | null) => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (options.echo) process.stderr.write(`[${options.name}] ${line}\n`);
      }
    });
  };
  onData(child.stdout);
  onData(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    name: options.name,
    get pid() {
      return child.pid;
    },
    lines,
    exited,
    waitForLine: (pattern, timeoutMs = 15_000) =>
      waitFor(() => lines.find((l) => pattern.test(l)), {
        timeoutMs,
        what: `${options.name} output ${pattern}`,
      }),
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}
