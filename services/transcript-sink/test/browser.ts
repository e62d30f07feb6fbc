import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

// Debian's Chromium driven by playwright-core: no browser download. A missing Chromium fails the test with
// the fix; it is never skipped.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(
      `Chromium not found at ${executablePath}: the live page is tested in a real browser. Install it with ` +
        '`apt-get install -y chromium` (npm test does this when run as root), or set CHROMIUM_BIN',
    );
    this.name = 'ChromiumMissingError';
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile (--user-data-dir), removed on close. */
async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'sink-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ARGS,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** One Chromium for a test file, launched by the first test that asks for a page; `close()` in afterAll. */
export function sharedBrowser() {
  let launched: Promise<Browser> | undefined;
  return {
    async newPage(viewport?: { width: number; height: number }): Promise<Page> {
      launched ??= launchChromium();
      const page = await (await launched).context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await (await launched?.catch(() => undefined))?.close();
    },
  };
}
