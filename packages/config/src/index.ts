export { commonEnv, env } from './env.js';
export type { ConfigIssue } from './errors.js';
export { ConfigError } from './errors.js';
export type { EnvSource } from './load-config.js';
export { loadConfig } from './load-config.js';
