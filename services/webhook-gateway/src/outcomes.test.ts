import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from './outcomes.js';

describe('outcomes - docs/webhook-gateway.md', () => {
  it('lists every error code with its status, and no other', () => {
    const doc = readFileSync(new URL('../../../docs/webhook-gateway.md', import.meta.url), 'utf8');
    const documented = Object.fromEntries(
      [...doc.matchAll(/^\|\s*(\d{3})\s*\|\s*`([a-z_]+)`\s*\|/gm)].map((m) => [m[2], Number(m[1])]),
    );
    const coded = Object.fromEntries(Object.entries(ErrorCodes).map(([code, spec]) => [code, spec.status]));
    expect(documented).toEqual(coded);
  });
});
