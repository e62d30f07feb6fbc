import { spawn } from 'node:child_process';
import { formatLogLine } from './format-log.mjs';

const COLORS = ['36', '35', '33', '34', '32', '96', '95'];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

/**
 * Runs child processes in their own process groups (so Ctrl-C reaches only this supervisor, which then stops
 * them in order), prefixes each output line with the process name, and stops them all on request.
 */
export class Supervisor {
  #procs = [];
  #width = 8;
  #stopping = false;
  onUnexpectedExit = () => {};

  get stopping() {
    return this.#stopping;
  }

  /** Adopts an already spawned child (e.g. nats-server) so it is stopped last and its output prefixed. */
  adopt(name, child, { quiet = false } = {}) {
    const color = COLORS[this.#procs.length % COLORS.length];
    this.#width = Math.max(this.#width, name.length);
    const entry = { name, child, color, quiet };
    this.#procs.push(entry);
    if (!quiet) {
      this.#pipe(entry, child.stdout, process.stdout);
      this.#pipe(entry, child.stderr, process.stdout);
    }
    child.once('exit', (code, signal) => {
      entry.exited = true;
      if (!this.#stopping) this.onUnexpectedExit(name, code, signal);
    });
    return entry;
  }

  spawn(name, command, args, options) {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    process.stdout.write(`    ${name} started (pid ${child.pid})\n`);
    return this.adopt(name, child);
  }

  #pipe(entry, stream, out) {
    if (!stream) return;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines)
        if (line.trim()) out.write(`${this.#label(entry)} ${formatLogLine(line, useColor)}\n`);
    });
  }

  #label(entry) {
    const text = entry.name.padEnd(this.#width);
    return useColor ? `\u001b[${entry.color}m${text} |\u001b[0m` : `${text} |`;
  }

  /** Stops processes group by group (each group concurrently): SIGTERM, then SIGKILL after graceMs. */
  async stop(groups, graceMs = 15_000) {
    this.#stopping = true;
    for (const names of groups) {
      const entries = this.#procs.filter((p) => names.includes(p.name) && !p.exited);
      await Promise.all(entries.map((p) => stopOne(p, graceMs)));
    }
  }

  names() {
    return this.#procs.map((p) => p.name);
  }

  /** Last resort on exit: kill every process group still alive. */
  killAll() {
    for (const p of this.#procs) if (!p.exited) signalGroup(p.child, 'SIGKILL');
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function stopOne(entry, graceMs) {
  return new Promise((resolve) => {
    if (entry.exited) return resolve();
    const timer = setTimeout(() => {
      process.stdout.write(`${entry.name} did not stop within ${graceMs} ms; killing it\n`);
      signalGroup(entry.child, 'SIGKILL');
    }, graceMs);
    entry.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(entry.child, 'SIGTERM');
  });
}
