import { describe, expect, it } from 'vitest';
import { delay, eachLimited, shuffle } from './task-helpers.js';

describe('task helpers', () => {
  it('task helpers - eachLimited runs every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await Promise.resolve();
      done.push(n);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('task helpers - shuffle keeps every item; delay ends at once when aborted', async () => {
    expect(shuffle([5, 1, 4, 2, 3]).sort()).toEqual([1, 2, 3, 4, 5]);
    const stop = new AbortController();
    const waiting = delay(60_000, stop.signal).then(() => 'ended');
    stop.abort();
    expect(await waiting).toBe('ended');
    expect(await delay(0, stop.signal)).toBeUndefined();
  });
});
