import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// HTTP servers under test as child processes (the gateway, a bare baseline, an OTLP sink): started, waited
// for, measured in CPU time, stopped.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLOCK_TICKS = 100;

/**
 * CPU time a process has used, in ms (Linux /proc; NaN elsewhere). CPU per request is the steadier figure
 * on a shared machine: throughput moves with whatever else runs, the work per request much less.
 */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  } catch {
    return Number.NaN;
  }
}

/** Spawns `script` (repo-relative or absolute) and resolves once GET /healthz answers; output is discarded. */
export async function startServer(name, script, port, env, servers) {
  const child = spawn(process.execPath, [path.resolve(root, script)], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    // The gateway logs one line per request at info, as shipped; /dev/null takes it.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  servers.push(child);
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) return child;
    if (Date.now() > deadline) throw new Error(`${name} did not answer /healthz within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
