import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked statically: what they
// name must exist in the repository, and every variable they set must be documented in .env.example.

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const envExample = read('.env.example');
const nodeServices = Object.entries(compose.services).filter(([, s]) => s.build);

describe('e2e - docker compose (static)', () => {
  it('runs every service of services/ and the simulator from the built image', () => {
    const services = readdirNames('services');
    for (const name of services) expect(Object.keys(compose.services), name).toContain(name);
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['nats', 'zoom-sim']));
  });

  it('starts each node service from a dist entry whose TypeScript source exists', () => {
    for (const [name, service] of nodeServices) {
      const [cmd, entry] = service.command ?? [];
      expect(cmd, name).toBe('node');
      const source = String(entry).replace('/dist/', '/src/').replace(/\.js$/, '.ts');
      expect(existsSync(path.join(root, source)), `${name}: ${source}`).toBe(true);
    }
  });

  it('gives every node service a health check and waits for a healthy NATS', () => {
    for (const [name, service] of nodeServices) {
      expect(service.healthcheck?.test.join(' '), name).toContain('/healthz');
      expect(service.depends_on?.nats?.condition, name).toBe('service_healthy');
    }
    expect(compose.services.nats?.healthcheck?.test.join(' ')).toContain('js-enabled-only');
  });

  it('sets only variables that .env.example documents', () => {
    for (const [name, service] of nodeServices) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(envExample, `${name}: ${variable}`).toMatch(new RegExp(`^#?\\s*${variable}=`, 'm'));
      }
    }
  });

  it('builds from a Dockerfile that installs with the frozen lockfile and the pinned pnpm', () => {
    const dockerfile = read('Dockerfile');
    const pinned = JSON.parse(read('package.json')).packageManager as string;
    expect(dockerfile).toContain(`npm install -g ${pinned}`);
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});

/** Services with a process entry (src/main.ts) under a folder. */
function readdirNames(dir: string): string[] {
  return readdirSync(path.join(root, dir)).filter((n) =>
    existsSync(path.join(root, dir, n, 'src', 'main.ts')),
  );
}

describe('e2e - .env.example', () => {
  it('copied as it is to .env, keeps npm start self-contained: no NATS_URL, no Zoom credentials', () => {
    const active = envExample
      .split('\n')
      .filter((line) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(line))
      .map((line) => line.split('=', 2) as [string, string]);
    expect(active.map(([key]) => key)).not.toContain('NATS_URL');
    for (const [key, value] of active) if (key.startsWith('ZOOM_')) expect(value, key).toBe('');
  });
});
