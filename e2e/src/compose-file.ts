import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// The compose files as the static tests read them: docker-compose.yml, and it merged with the cluster override
// (`docker compose -f docker-compose.yml -f docker-compose.cluster.yml`).

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const readRepoFile = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

interface ComposeService {
  build?: { context?: string; args?: Record<string, string> };
  image?: string;
  command?: string[];
  entrypoint?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  networks?: Record<string, { aliases?: string[] } | null>;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const load = (file: string) => parse(readRepoFile(file), { merge: true }) as ComposeFile;
export const compose = load('docker-compose.yml');
const clusterOverride = load('docker-compose.cluster.yml');
// What the override uses of compose's merge rules: maps merged key by key, sequences and scalars replaced.
export const cluster = mergeValue(compose, clusterOverride) as ComposeFile;

export const composeSetups = [
  { setup: 'single node (docker-compose.yml)', file: compose },
  { setup: 'cluster (docker-compose.yml + docker-compose.cluster.yml)', file: cluster },
];

/** Long-running node services; services in a profile (the `rtms` command line under `tools`) are not. */
export const nodeServicesOf = (file: ComposeFile) =>
  Object.entries(file.services).filter(([, s]) => s.build && !s.profiles);

function mergeValue(base: unknown, override: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(base) || !isMap(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeValue(base[key], value);
  return out;
}
