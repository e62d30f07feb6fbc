import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './paths.mjs';

// Start order: subscribers first, the gateway (the door in) last, then the simulator that sends webhooks to it.
const ORDER = ['transcript-sink', 'stream-connector', 'zoom-api', 'webhook-gateway'];

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Every service under services/ that has a start script, with its default port. */
export function discoverServices() {
  const dir = path.join(root, 'services');
  if (!existsSync(dir)) return [];
  const found = readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, 'package.json')))
    .map((name) => {
      const cwd = path.join(dir, name);
      const pkg = readJson(path.join(cwd, 'package.json'));
      return { name, cwd, pkg, port: pkg.rtms?.port, entry: path.join(cwd, 'dist', 'main.js') };
    })
    .filter((s) => s.pkg.scripts?.start && existsSync(path.join(s.cwd, 'src', 'main.ts')));
  const rank = (n) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return found.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** The simulator's CLI entry (its package.json "bin"), when the package exists. */
export function discoverSimulator() {
  const cwd = path.join(root, 'packages', 'zoom-sim');
  const file = path.join(cwd, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = readJson(file);
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin && Object.values(pkg.bin)[0];
  if (!bin) return undefined;
  return { name: 'zoom-sim', cwd, entry: path.join(cwd, bin) };
}

/** PORT for a service: <NAME>_PORT from the environment (e.g. WEBHOOK_GATEWAY_PORT), else its default. */
export function servicePort(env, service) {
  const key = `${service.name.toUpperCase().replaceAll('-', '_')}_PORT`;
  return Number(env[key] ?? service.port);
}
