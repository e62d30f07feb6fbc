import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConcurrency, signedRequests } from './webhook-load.mjs';

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

/**
 * `rounds` closed-loop runs of every target (`{ name, port, pid }`) at one concurrency, alternating the order
 * each round (a shared machine's busy moment lands on both sides); each run gets `cpuUsPerRequest` from the
 * target's CPU time. Returns the runs by target name. A warm-up run (JIT, connections, stream files) comes first.
 */
export async function alternatingRuns(targets, { secret, concurrency, rounds, maxMs, maxRequests }) {
  for (const t of targets)
    await runConcurrency({
      port: t.port,
      requests: signedRequests(secret, 3000),
      concurrency: 16,
      maxMs: 1500,
    });
  const runs = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
      const requests = signedRequests(secret, maxRequests);
      const cpuBefore = cpuMs(t.pid);
      const result = await runConcurrency({ port: t.port, requests, concurrency, maxMs });
      result.cpuUsPerRequest = ((cpuMs(t.pid) - cpuBefore) * 1000) / result.requests;
      runs[t.name].push(result);
    }
  }
  return runs;
}
