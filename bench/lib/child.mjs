import { fork } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

// Helpers the benchmarks share: an IPC child process (the simulator, a bare consumer) and a bounded poll.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Forks `script` (relative to the repo root); `call(cmd)` sends a command and resolves with its reply. */
export function child(script, env = {}) {
  const proc = fork(path.join(root, script), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiters = new Map();
  proc.on('message', (m) => {
    waiters.get(m.reply)?.(m);
    waiters.delete(m.reply);
  });
  const ready = new Promise((resolve) => waiters.set('ready', resolve));
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const exit = async () => {
    if (proc.exitCode !== null) return;
    proc.send({ cmd: 'exit' });
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const call = (cmd, extra = {}) =>
    new Promise((resolve) => {
      waiters.set(cmd, resolve);
      proc.send({ cmd, ...extra });
    });
  return { proc, ready, call, exit };
}

/** Polls `check` every 100 ms until it is true; throws after `timeoutMs`. */
export async function until(check, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
