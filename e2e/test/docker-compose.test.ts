import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ComposeFile,
  cluster,
  compose,
  composeSetups,
  nodeServicesOf,
  readRepoFile,
  repoRoot,
} from '../src/compose-file.js';

// No Docker engine runs in `npm test`, so the compose files and the Dockerfile are checked statically: what
// they name must exist in the repository, every variable they set must be documented in .env.example, and the
// cluster override must really make a 3-node JetStream cluster. `npm run compose:check` starts both for real.

const root = repoRoot;
const read = readRepoFile;
const envExample = read('.env.example');
const nodeServices = nodeServicesOf(compose);
const setups = composeSetups;

describe.each(setups)('e2e - docker compose (static), $setup', ({ file }) => {
  it('runs every service of services/ and the simulator from the built image', () => {
    const services = readdirNames('services');
    for (const name of services) expect(Object.keys(file.services), name).toContain(name);
    expect(Object.keys(file.services)).toEqual(expect.arrayContaining(['nats', 'zoom-sim']));
  });

  it('starts each node service from a dist entry of its own package, whose TypeScript source exists', () => {
    for (const [name, service] of nodeServicesOf(file)) {
      const [cmd, entry] = service.command ?? [];
      expect(cmd, name).toBe('node');
      expect(String(entry), name).toMatch(/^dist\/.+\.js$/);
      const dir = service.build?.args?.PACKAGE_DIR ?? '';
      const source = String(entry)
        .replace(/^dist\//, `${dir}/src/`)
        .replace(/\.js$/, '.ts');
      expect(existsSync(path.join(root, source)), `${name}: ${source}`).toBe(true);
    }
  });

  it('runs the rtms command line as a tool (profile tools) from its own image, as rtms-admin', () => {
    const rtms = file.services.rtms;
    expect(rtms?.profiles).toEqual(['tools']);
    expect(rtms?.build?.args?.PACKAGE_DIR).toBe('packages/cli');
    expect(rtms?.entrypoint).toEqual(['node', 'dist/main.js']);
    expect(existsSync(path.join(root, 'packages/cli/src/main.ts'))).toBe(true);
    expect(rtms?.environment?.NATS_USER).toBe('rtms-admin');
    expect(rtms?.environment?.NATS_URL).toBe(file.services['webhook-gateway']?.environment?.NATS_URL);
    for (const variable of Object.keys(rtms?.environment ?? {}))
      expect(envExample, `rtms: ${variable}`).toMatch(new RegExp(`^#?\\s*${variable}=`, 'm'));
    // doctor checks every long-running service at its container port.
    const urls = rtms?.environment?.RTMS_SERVICE_URLS ?? '';
    for (const [name, service] of nodeServicesOf(file).filter(([n]) => n !== 'zoom-sim'))
      expect(urls, name).toContain(`${name}=http://${name}:${service.environment?.PORT}`);
  });

  it('gives every node service a health check and waits for a healthy NATS', () => {
    for (const [name, service] of nodeServicesOf(file)) {
      expect(service.healthcheck?.test.join(' '), name).toContain('/healthz');
      expect(service.depends_on?.nats?.condition, name).toBe('service_healthy');
    }
  });

  it('sets only variables that .env.example documents', () => {
    for (const [name, service] of nodeServicesOf(file)) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(envExample, `${name}: ${variable}`).toMatch(new RegExp(`^#?\\s*${variable}=`, 'm'));
      }
    }
  });

  it('publishes host ports from documented variables, defaulting to the usual ports', () => {
    const published = Object.entries(file.services).flatMap(([name, s]) =>
      (s.ports ?? []).map((port) => ({ name, port })),
    );
    expect(published.length).toBeGreaterThan(0);
    for (const { name, port } of published) {
      const match = /^\$\{([A-Z_]+):-(\d+)\}:(\d+)$/.exec(port);
      expect(match, `${name}: ${port}`).not.toBeNull();
      const [, variable, hostDefault, container] = match ?? [];
      expect(hostDefault, `${name}: ${port}`).toBe(container);
      expect(envExample, `${name}: ${variable}`).toMatch(
        new RegExp(`^#?\\s*${variable}=${hostDefault}$`, 'm'),
      );
    }
  });
});

describe('e2e - docker compose (static), image and check script', () => {
  it('builds from a Dockerfile that installs with the frozen lockfile and the pinned pnpm', () => {
    const dockerfile = read('Dockerfile');
    const pinned = JSON.parse(read('package.json')).packageManager as string;
    expect(dockerfile).toContain(`npm install -g ${pinned}`);
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('has npm run compose:check, which starts both setups for real (outside npm test)', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts['compose:check']).toBe('node scripts/compose-check.mjs');
    expect(existsSync(path.join(root, 'scripts/compose-check.mjs'))).toBe(true);
    expect(read('scripts/compose-check.mjs')).toContain('docker-compose.cluster.yml');
  });
});

describe('e2e - docker compose (static), single node', () => {
  it('runs one JetStream server that is healthy once JetStream is enabled, and 1 replica per stream', () => {
    expect(compose.services.nats?.command).toEqual(expect.arrayContaining(['-js', '-sd', '/data']));
    expect(compose.services.nats?.healthcheck?.test.join(' ')).toContain('js-enabled-only');
    for (const [name, service] of nodeServices) {
      expect(service.environment?.NATS_URL, name).toBe('nats://nats:4222');
      expect(service.environment?.NATS_REPLICAS, name).toBe('1');
    }
  });
});

describe('e2e - docker compose (static), 3-node cluster', () => {
  const nodes = Object.entries(cluster.services).filter(([, s]) => s.image?.startsWith('nats:'));
  /** The names a node is reachable by on the compose network: its service name and its aliases. */
  const hostnames = (name: string) => [name, ...(cluster.services[name]?.networks?.default?.aliases ?? [])];
  const flag = (service: ComposeFile['services'][string], name: string) => {
    const args = service.command ?? [];
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const hostsOf = (urls: string | undefined) => (urls ?? '').split(',').map((url) => new URL(url.trim()));

  it('has three JetStream nodes, each with its own server name, store volume and monitoring port', () => {
    expect(nodes.map(([name]) => name).sort()).toEqual(['nats', 'nats-2', 'nats-3']);
    const serverNames = new Set<string | undefined>();
    const stores = new Set<string>();
    for (const [name, node] of nodes) {
      expect(node.command, name).toContain('-js');
      expect(flag(node, '-sd'), name).toBe('/data');
      expect(flag(node, '-m'), name).toBe('8222');
      serverNames.add(flag(node, '-n'));
      const store = (node.volumes ?? []).find((v) => v.endsWith(':/data'));
      expect(store, name).toBeDefined();
      stores.add(String(store).split(':')[0] ?? '');
    }
    expect(serverNames.size).toBe(3);
    expect(stores.size).toBe(3);
    for (const volume of stores) expect(Object.keys(cluster.volumes ?? {})).toContain(volume);
  });

  it('routes every node to the two others, in one named cluster', () => {
    const clusterNames = new Set(nodes.map(([, node]) => flag(node, '--cluster_name')));
    expect(clusterNames.size).toBe(1);
    expect([...clusterNames][0]).toBeTruthy();
    for (const [name, node] of nodes) {
      expect(flag(node, '--cluster'), name).toBe('nats://0.0.0.0:6222');
      const routes = hostsOf(flag(node, '--routes'));
      expect(
        routes.every((url) => url.protocol === 'nats:' && url.port === '6222'),
        name,
      ).toBe(true);
      const others = nodes.filter(([other]) => other !== name).map(([other]) => other);
      const routed = others.filter((other) => routes.some((url) => hostnames(other).includes(url.hostname)));
      expect(routed, name).toEqual(others);
      expect(
        routes.some((url) => hostnames(name).includes(url.hostname)),
        name,
      ).toBe(false);
    }
  });

  it('marks a node healthy only once it is current with an elected JetStream meta leader', () => {
    for (const [name, node] of nodes) {
      const test = node.healthcheck?.test.join(' ') ?? '';
      expect(test, name).toContain('http://127.0.0.1:8222/healthz');
      expect(test, name).not.toContain('js-enabled-only');
    }
  });

  it('gives every node service all three client URLs and 3 replicas, after all three nodes are healthy', () => {
    for (const [name, service] of nodeServicesOf(cluster)) {
      const urls = hostsOf(service.environment?.NATS_URL);
      for (const [node] of nodes)
        expect(
          urls.some((url) => hostnames(node).includes(url.hostname) && url.port === '4222'),
          `${name}: ${node}`,
        ).toBe(true);
      expect(urls, name).toHaveLength(3);
      expect(service.environment?.NATS_REPLICAS, name).toBe('3');
      for (const [node] of nodes)
        expect(service.depends_on?.[node]?.condition, `${name}: ${node}`).toBe('service_healthy');
    }
  });

  it('is its own project, so its containers and volumes never mix with the single-node ones', () => {
    expect(cluster.name).toBeTruthy();
    expect(cluster.name).not.toBe(compose.name);
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

describe('e2e - docker compose Zoom environment (static)', () => {
  const sim = JSON.parse(read('packages/zoom-sim/credentials.json')) as Record<string, string>;

  it("defaults every service to the simulator's credentials as zoom-sim defines them, with ordinary variables", () => {
    const expected = {
      ZOOM_ACCOUNT_ID: sim.accountId,
      ZOOM_CLIENT_ID: sim.clientId,
      ZOOM_CLIENT_SECRET: sim.clientSecret,
      ZOOM_WEBHOOK_SECRET_TOKEN: sim.webhookSecret,
    };
    for (const [name, service] of nodeServices) {
      const env = service.environment ?? {};
      for (const [variable, value] of Object.entries(expected))
        expect(env[variable], `${name}: ${variable}`).toBe(`\${${variable}:-${value}}`);
      expect(Object.keys(env), name).not.toContain('ZOOM_SIMULATOR');
    }
    expect(compose.services['stream-connector']?.environment?.RTMS_ALLOW_INSECURE_WS).toBe(
      `\${RTMS_ALLOW_INSECURE_WS:-true}`,
    );
  });
});
