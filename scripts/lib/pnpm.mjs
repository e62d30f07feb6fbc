import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { info, SetupError, step } from './log.mjs';
import { root, toolsDir } from './paths.mjs';
import { capture, run } from './run.mjs';

const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The pnpm version pinned in the root package.json `packageManager` field. */
function pinnedPnpmVersion() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(pkg.packageManager ?? '');
  if (!match) throw new SetupError('package.json has no "packageManager": "pnpm@x.y.z" pin');
  return match[1];
}

const pnpmBin = path.join(toolsDir, 'node_modules', '.bin', 'pnpm');

/** Installs the pinned pnpm into .tools/ (project-local, no global writes) unless it is there already. */
async function ensurePnpm() {
  const version = pinnedPnpmVersion();
  if (existsSync(pnpmBin) && capture(pnpmBin, ['--version']) === version) return pnpmBin;
  step(`Installing pnpm ${version} into .tools/ (pinned in package.json)`);
  const code = await run(npmCmd, [
    'install',
    '--prefix',
    toolsDir,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `pnpm@${version}`,
  ]);
  if (code !== 0 || !existsSync(pnpmBin)) {
    throw new SetupError(
      `could not install pnpm ${version} with npm (exit ${code}); check npm's registry access`,
    );
  }
  info(`pnpm ${version} ready`);
  return pnpmBin;
}

/** Installs workspace dependencies; frozen lockfile in CI so CI never rewrites it. */
export async function ensureDependencies() {
  const pnpm = await ensurePnpm();
  step('Installing workspace dependencies (pnpm install)');
  const args = ['install', '--prefer-offline', '--reporter=append-only'];
  if (process.env.CI) args.push('--frozen-lockfile');
  const code = await run(pnpm, args, {
    cwd: root,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (code !== 0) throw new SetupError(`pnpm install failed (exit ${code})`);
}

/** Environment for pnpm and the tools it runs: our pnpm on PATH (turbo looks for it), no telemetry. */
function toolEnv(env = process.env) {
  return {
    ...env,
    PATH: `${path.dirname(pnpmBin)}${path.delimiter}${env.PATH ?? ''}`,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    npm_config_update_notifier: 'false',
  };
}

/** Runs pnpm with arguments in the repo root and returns its exit code. */
export async function pnpm(args, options = {}) {
  return run(await ensurePnpm(), args, { cwd: root, env: toolEnv(), ...options });
}
