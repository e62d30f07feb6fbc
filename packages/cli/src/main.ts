import { ConfigError, loadConfig } from '@rtms/config';
import { CLI, CliEnv } from './config.js';
import { ExitCodes } from './errors.js';
import { runCli } from './program.js';

// The `rtms` process: config from the environment, Ctrl-C / SIGTERM abort the running command (which then
// ends cleanly, exit 0), and the command's exit code becomes the process's.

const abort = new AbortController();
// `rtms tail | head` closes the pipe: that ends the command, it is no crash.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(ExitCodes.ok);
  });
process.once('SIGINT', () => abort.abort());
process.once('SIGTERM', () => abort.abort());

let code: number;
try {
  const config = loadConfig(CLI, CliEnv, process.env);
  code = await runCli(process.argv.slice(2), {
    config,
    io: { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: abort.signal },
  });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  code = ExitCodes.usage;
}
process.exitCode = code;
// Open handles (a NATS reconnect timer, a spinner) must not keep a finished command alive.
setImmediate(() => process.exit(code));
