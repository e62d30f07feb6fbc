export { commonEnv, env } from './env.js';
export { ConfigError } from './errors.js';
export { loadConfig } from './load-config.js';
