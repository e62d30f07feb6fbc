import { describe, expect, it } from 'vitest';
import { Output, table } from './output.js';

const io = (tty: boolean, env: Record<string, string> = {}) => {
  let text = '';
  return {
    io: {
      stdout: { write: (s: string) => (text += s), isTTY: tty },
      stderr: { write: () => true, isTTY: tty },
      env,
      signal: new AbortController().signal,
    },
    text: () => text,
  };
};

describe('output', () => {
  it('output - columns are aligned under the header, the last one unpadded', () => {
    expect(table(['A', 'LONGER', 'C'], [['xyz', 'b', 'tail text']])).toEqual([
      'A    LONGER  C',
      'xyz  b       tail text',
    ]);
  });

  it('output - colour only on a terminal, never with --json or NO_COLOR', () => {
    expect(new Output(io(true).io, false).colors.red('x')).toContain('\u001b[');
    expect(new Output(io(false).io, false).colors.red('x')).toBe('x');
    expect(new Output(io(true).io, true).colors.red('x')).toBe('x');
    expect(new Output(io(true, { NO_COLOR: '1' }).io, false).colors.red('x')).toBe('x');
  });

  it('output - --json writes one document per line and no notes', () => {
    const t = io(false);
    const out = new Output(t.io, true);
    out.jsonLine({ a: 1 });
    out.note('not for scripts');
    out.jsonLine({ b: 2 });
    expect(t.text()).toBe('{"a":1}\n{"b":2}\n');
  });
});
