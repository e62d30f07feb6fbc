import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The transcript as the page shows it: "speaker: text" per line (hidden lines, e.g. by search, left out). */
export async function shownLines(page: Page): Promise<string[]> {
  return page.$$eval('#transcript li:not([hidden])', (items) =>
    items.map(
      (li) => `${li.querySelector('.speaker')?.textContent}: ${li.querySelector('.text')?.textContent}`,
    ),
  );
}

export async function expectLines(page: Page, expected: string[]) {
  await expect.poll(() => shownLines(page), { timeout: 10_000 }).toEqual(expected);
}
