import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose, readRepoFile as read, repoRoot as root } from '../src/compose-file.js';

// The images hold production files only (docs/operations.md, "Images"): each service's image is one
// `pnpm deploy` directory, whose contents are what the package.json "files" lists of the deployed package and
// of every workspace package it depends on. Checked statically; `npm run compose:check` builds and runs them.

interface PackageJson {
  bin?: Record<string, string>;
  name: string;
  files?: string[];
  exports?: Record<string, Record<string, string>>;
  dependencies?: Record<string, string>;
}
const imageServices = Object.entries(compose.services).filter(([, s]) => s.build);

/** Every workspace package by name, with its directory. */
const workspace = new Map<string, { dir: string; pkg: PackageJson }>();
for (const parent of ['packages', 'services']) {
  for (const name of readdirSync(path.join(root, parent))) {
    const dir = `${parent}/${name}`;
    if (!existsSync(path.join(root, dir, 'package.json'))) continue;
    const pkg = JSON.parse(read(`${dir}/package.json`)) as PackageJson;
    workspace.set(pkg.name, { dir, pkg });
  }
}

/** The package in `dir` and the workspace packages among its production dependencies, transitively. */
function deployedPackages(dir: string): { dir: string; pkg: PackageJson }[] {
  const start = [...workspace.values()].find((p) => p.dir === dir);
  if (!start) throw new Error(`${dir} is no workspace package`);
  const seen = new Map([[start.pkg.name, start]]);
  const queue = [start];
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const [name, range] of Object.entries(next.pkg.dependencies ?? {})) {
      const dep = workspace.get(name);
      if (!range.startsWith('workspace:') || !dep || seen.has(name)) continue;
      seen.set(name, dep);
      queue.push(dep);
    }
  }
  return [...seen.values()];
}

/** The Dockerfile's stages by name, each with its FROM line and instructions. */
function stages(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) {
      current = [line];
      out.set(from[1] ?? '', current);
    } else if (current && line.trim() && !line.startsWith('#')) current.push(line.trim());
  }
  return out;
}

describe('e2e - docker images (static)', () => {
  const dockerfile = read('Dockerfile');
  const byStage = stages(dockerfile);
  const last = [...byStage.keys()].at(-1) ?? '';

  it('builds one image per node service, each from its own workspace package', () => {
    expect(imageServices.map(([name]) => name)).toEqual(expect.arrayContaining(['zoom-sim']));
    const images = new Set<string>();
    for (const [name, service] of imageServices) {
      expect(service.build?.context, name).toBe('.');
      const dir = service.build?.args?.PACKAGE_DIR ?? '';
      expect(
        [...workspace.values()].map((p) => p.dir),
        name,
      ).toContain(dir);
      // Named after its package: rtms-webhook-gateway, rtms-zoom-sim, rtms-cli (the `rtms` tool service).
      expect(service.image, name).toBe(`rtms-${path.basename(dir)}:local`);
      images.add(String(service.image));
    }
    expect(images.size).toBe(imageServices.length);
  });

  it("copies only the deploy stage's directory into the image, on a fresh Node.js base", () => {
    const runtime = byStage.get(last) ?? [];
    expect(runtime[0]).toMatch(/^FROM node:\S+ AS /);
    const copies = runtime.filter((line) => /^(COPY|ADD)\b/i.test(line));
    expect(copies).toEqual(['COPY --from=deploy /deploy /app']);
    const deploy = byStage.get('deploy') ?? [];
    expect(deploy.join('\n')).toContain(`pnpm --filter "./\${PACKAGE_DIR}" --prod deploy /deploy`);
  });

  it('runs dist/, never the TypeScript sources (the @rtms/source condition is for development only)', () => {
    const code = (text: string) => text.replace(/^\s*#.*$/gm, '');
    expect(code(dockerfile)).not.toMatch(/--conditions|@rtms\/source|NODE_OPTIONS/);
    expect(code(read('docker-compose.yml'))).not.toMatch(/--conditions|@rtms\/source|NODE_OPTIONS/);
  });

  it('ships from every deployed package only the files its package.json lists: dist/, no sources or tests', () => {
    for (const [name, service] of imageServices) {
      const entry = (service.entrypoint ?? service.command)?.[1] ?? '';
      for (const { dir, pkg } of deployedPackages(service.build?.args?.PACKAGE_DIR ?? '')) {
        const what = `${name}: ${dir}/package.json "files"`;
        expect(pkg.files, `${what} is missing: add "files": ["dist"]`).toBeDefined();
        expect(pkg.files, what).toContain('dist');
        for (const file of pkg.files ?? [])
          expect(file, what).not.toMatch(/^(\.\/)?(src|test)\b|tsconfig|vitest|\.ts$/);
        // A library runs from dist/ through its exports; an application without exports (the CLI) has a bin.
        if (pkg.exports)
          expect(pkg.exports['.']?.default, `${dir}: exports "default"`).toMatch(/^\.\/dist\//);
        else expect(pkg.bin, `${dir}: no exports, so a bin`).toBeDefined();
      }
      expect(entry, name).toMatch(/^dist\//);
    }
  });
});
