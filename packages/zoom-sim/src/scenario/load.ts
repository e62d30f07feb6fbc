import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { type Scenario, ScenarioSchema } from './schema.js';

export class ScenarioError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ScenarioError';
  }
}

/** Validates a scenario object; the error lists each problem with its path. */
export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ScenarioError(`invalid ${source}:\n${lines.join('\n')}`, { cause: r.error });
}

/** Reads a JSON or YAML scenario file (by extension; YAML is a superset, so anything else parses as YAML). */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScenarioError(`cannot read scenario file ${path}`, { cause: err });
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ScenarioError(`cannot parse scenario file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseScenario(data, `scenario file ${path}`);
}
