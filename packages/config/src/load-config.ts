import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors.js';

export type EnvSource = Record<string, string | undefined>;

/**
 * Parses env config with a schema, inside a function (never at import). Empty strings count as unset, so
 * `FOO=` in a .env file falls back to the default. Throws ConfigError naming each variable and its fix
 * (the fix is the variable's `.describe()` text).
 */
export function loadConfig<S extends z.ZodObject>(
  service: string,
  schema: S,
  source: EnvSource = process.env,
): z.infer<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    if (value !== undefined && value.trim() !== '') input[key] = value.trim();
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: ConfigIssue[] = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(config)');
    const field = schema.shape[variable] as z.ZodType | undefined;
    const problem =
      input[variable] === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    const fix = field?.description;
    return fix ? { variable, problem, fix } : { variable, problem };
  });
  throw new ConfigError(service, issues, { cause: parsed.error });
}
