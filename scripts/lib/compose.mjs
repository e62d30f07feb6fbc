// `docker compose` for one project (a setup's files under a unique project name), for scripts/compose-check.mjs.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { root } from './paths.mjs';

// Compose writes terminal control sequences (e.g. erase-line) before log lines even with --no-color.
const CONTROL_SEQUENCE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** Why no Docker engine can be used here, or undefined when `docker info` answers. */
export function dockerUnavailable() {
  const res = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (res.error?.code === 'ENOENT') return 'the docker command is not installed';
  if (res.error) return `the docker command cannot run (${res.error.message})`;
  if (res.status !== 0) {
    const reason = `${res.stderr}`.trim().split('\n').find(Boolean) ?? `exit code ${res.status}`;
    return `no Docker engine answers (docker info: ${reason})`;
  }
  return undefined;
}

/** Compose v2's version, or undefined when `docker compose` is missing. */
export function composeVersion() {
  const res = spawnSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

/** Ports free on this host right now (the OS picks them); a later bind may still race another program. */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '0.0.0.0', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export class ComposeProject {
  /** Children running now, killed by `interrupt()`. */
  #running = new Set();

  /**
   * @param {string} name project name (-p)
   * @param {string[]} files compose files, relative to the repository root
   * @param {NodeJS.ProcessEnv} env environment of every docker compose call (interpolation of ${...})
   */
  constructor(name, files, env) {
    this.name = name;
    this.files = files;
    this.env = env;
  }

  /** The command line a user would type for this project. */
  describe(args) {
    return ['docker compose -p', this.name, ...this.files.map((f) => `-f ${f}`), ...args].join(' ');
  }

  /**
   * Runs `docker compose <args>` and resolves with { code, stdout, stderr } (never rejects on a failed
   * command). `detached` puts it in its own process group, so a Ctrl-C at the terminal does not reach it.
   */
  run(args, { timeoutMs = 60_000, detached = false } = {}) {
    const fileArgs = this.files.flatMap((f) => ['-f', path.join(root, f)]);
    return new Promise((resolve) => {
      const child = spawn('docker', ['compose', '-p', this.name, ...fileArgs, ...args], {
        cwd: root,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached,
      });
      const entry = { child, detached };
      this.#running.add(entry);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d) => {
        stdout += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d) => {
        stderr += d;
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
      }, timeoutMs);
      const done = (code, error) => {
        clearTimeout(timer);
        this.#running.delete(entry);
        if (error) stderr += `${error.message}\n`;
        const clean = (text) => text.replace(CONTROL_SEQUENCE, '');
        resolve({ code, stdout: clean(stdout), stderr: clean(stderr), timedOut });
      };
      child.once('error', (err) => done(127, err));
      child.once('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
    });
  }

  /** Stops whatever docker compose call is running (Ctrl-C), except detached ones such as `down`. */
  interrupt() {
    for (const { child, detached } of this.#running) if (!detached) child.kill('SIGINT');
  }

  /** The service's log lines as parsed JSON objects (pino output; other lines skipped). */
  async jsonLogs(service) {
    const res = await this.run(['logs', '--no-color', '--no-log-prefix', service]);
    const entries = [];
    for (const line of res.stdout.split('\n')) {
      const start = line.indexOf('{');
      if (start < 0) continue;
      try {
        const entry = JSON.parse(line.slice(start));
        // pino's time: epoch ms, or an ISO string (the services' logger) made epoch ms here.
        if (typeof entry.time === 'string') entry.time = Date.parse(entry.time);
        entries.push(entry);
      } catch {
        // a line cut by the log driver: skip it
      }
    }
    return entries;
  }

  /** Every container of the project (also stopped ones): service, state, health, restart count, exit code. */
  async containers() {
    const ids = (await this.run(['ps', '-a', '-q'])).stdout.split('\n').filter(Boolean);
    if (ids.length === 0) return [];
    const format =
      '{{index .Config.Labels "com.docker.compose.service"}}|{{.Name}}|{{.State.Status}}|' +
      '{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.RestartCount}}|{{.State.ExitCode}}';
    const res = spawnSync('docker', ['inspect', '--format', format, ...ids], { encoding: 'utf8' });
    return `${res.stdout}`
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [service, name, state, health, restarts, exitCode] = line.split('|');
        return {
          service,
          name: name.replace(/^\//, ''),
          state,
          health,
          restarts: Number(restarts),
          exitCode: Number(exitCode),
        };
      });
  }

  /** `down -v --remove-orphans`, in its own process group so a second Ctrl-C cannot cut it short. */
  down() {
    return this.run(['down', '-v', '--remove-orphans', '--timeout', '20'], {
      timeoutMs: 180_000,
      detached: true,
    });
  }
}
