import { fileURLToPath } from 'node:url';
import { startProcess } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';

// `npm start` and `npm test` refuse an older Node than package.json's engines before doing anything else. The
// old Node is simulated by a preloaded module that rewrites process.versions.node before the script runs.

const root = fileURLToPath(new URL('../..', import.meta.url));
const oldNode = (version: string) =>
  `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'${version}'})`;

async function run(script: string, lifecycle: string, version: string) {
  const proc = startProcess({
    name: `${lifecycle} on node ${version}`,
    command: process.execPath,
    args: ['--import', oldNode(version), script],
    cwd: root,
    env: { npm_lifecycle_event: lifecycle },
  });
  const { code } = await proc.exited;
  return { code, output: proc.lines.join('\n') };
}

describe('e2e - Node version check', () => {
  it('node version - versions at or above engines pass, older ones are named, other range forms throw', async () => {
    const modulePath = new URL('../../scripts/lib/node-version.mjs', import.meta.url).href;
    const { nodeVersionProblem, requiredNodeRange } = (await import(modulePath)) as {
      nodeVersionProblem: (version: string, range: string) => string | undefined;
      requiredNodeRange: () => string;
    };
    expect(requiredNodeRange()).toBe('>=20.12');
    for (const ok of ['20.12.0', '20.12.1', '20.20.2', '21.0.0', '22.11.0'])
      expect(nodeVersionProblem(ok, '>=20.12'), ok).toBeUndefined();
    for (const old of ['18.19.0', '19.99.99', '20.11.1', '20.0.0'])
      expect(nodeVersionProblem(old, '>=20.12'), old).toMatch(/is too old/);
    expect(nodeVersionProblem('20.12.0', '>=20.12.1')).toMatch(/is too old/);
    expect(() => nodeVersionProblem('20.12.0', '^20.12')).toThrow(/not of the form/);
  });

  for (const [script, lifecycle] of [
    ['scripts/start.mjs', 'start'],
    ['scripts/test.mjs', 'test'],
  ] as const) {
    it(`node version - npm ${lifecycle} on Node 20.11.1 stops first, with the fix and exit code 3`, async () => {
      const { code, output } = await run(script, lifecycle, '20.11.1');
      expect(code, output).toBe(3);
      expect(output).toBe(
        'error Node 20.11.1 is too old: this project needs Node >=20.12 (package.json "engines").\n' +
          `      Install Node 20.12 or newer (https://nodejs.org/, or \`nvm install 20\`), then run npm ${lifecycle} again.`,
      );
    });
  }
});
