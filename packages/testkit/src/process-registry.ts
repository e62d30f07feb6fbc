import type { ChildProcess } from 'node:child_process';

// Every process a test starts is registered here and killed when the test process exits, whatever way it
// exits, so a failing or interrupted test never leaves a nats-server or a service running.
const live = new Set<ChildProcess>();
let hooked = false;

function killAll() {
  for (const proc of live) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
}

export function trackProcess(proc: ChildProcess): void {
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  if (!hooked) {
    hooked = true;
    process.once('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        killAll();
        process.kill(process.pid, signal);
      });
    }
  }
}
