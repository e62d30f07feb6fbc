import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@rtms/testkit';

// The `rtms` command as a user runs it: the package's bin (packages/cli/bin/rtms.mjs → dist), in its own
// process, with stdout and stderr kept apart (scripts read stdout; notes and errors go to stderr).

const bin = fileURLToPath(new URL('../../packages/cli/bin/rtms.mjs', import.meta.url));

export interface RtmsRun {
  readonly stdout: string;
  readonly stderr: string;
  /** stdout split into lines (no trailing empty line). */
  readonly lines: string[];
  readonly code: number | null;
}

export interface RunningRtms {
  readonly child: ChildProcess;
  /** stdout lines so far. */
  readonly lines: readonly string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends SIGINT (Ctrl-C) and resolves with the finished run. */
  interrupt(): Promise<RtmsRun>;
  readonly done: Promise<RtmsRun>;
}

export function startRtms(args: readonly string[], env: Record<string, string>): RunningRtms {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lines: string[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<RtmsRun>((resolve) => {
    child.once('close', (code) =>
      resolve({ stdout, stderr, code, lines: stdout.split('\n').filter(Boolean) }),
    );
  });
  return {
    child,
    lines,
    done,
    waitForLine: (pattern, timeoutMs = 20_000) =>
      waitFor(() => lines.find((l) => pattern.test(l)), { timeoutMs, what: `rtms output ${pattern}` }),
    interrupt: () => {
      child.kill('SIGINT');
      return done;
    },
  };
}

/** Runs `rtms <args>` to its end. */
export function runRtms(args: readonly string[], env: Record<string, string>): Promise<RtmsRun> {
  return startRtms(args, env).done;
}
