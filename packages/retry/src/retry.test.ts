import { describe, expect, it } from 'vitest';
import { type FailedAttempt, type RetryOptions, retry } from './retry.js';

/** A fake clock whose sleep moves time, so nothing waits for real. */
function fakeTime() {
  let t = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

/** A step failing `failures` times, then returning 'done'. */
function flaky(failures: number, error: (n: number) => unknown = (n) => new Error(`fail ${n}`)) {
  const calls: number[] = [];
  const step = async (attempt: number) => {
    calls.push(attempt);
    if (calls.length <= failures) throw error(calls.length);
    return 'done';
  };
  return { calls, step };
}

const backoff = { baseMs: 100, maxMs: 1000 };

describe('retry - attempts and waits', () => {
  it('retries until the step succeeds, waiting the backoff delays', async () => {
    const time = fakeTime();
    const notices: FailedAttempt[] = [];
    const { calls, step } = flaky(3);
    const result = await retry(step, { backoff, ...time, onRetry: (n) => notices.push(n) });
    expect(result).toBe('done');
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(time.slept).toEqual([100, 200, 400]);
    expect(notices.map((n) => [n.attempt, n.delayMs, (n.err as Error).message])).toEqual([
      [1, 100, 'fail 1'],
      [2, 200, 'fail 2'],
      [3, 400, 'fail 3'],
    ]);
  });

  it('throws the last error unchanged after maxAttempts', async () => {
    const time = fakeTime();
    const { calls, step } = flaky(10);
    const err = await retry(step, { backoff, maxAttempts: 3, ...time }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('fail 3');
    expect(calls).toEqual([1, 2, 3]);
    expect(time.slept).toEqual([100, 200]);
  });

  it('throws at once an error the caller does not retry', async () => {
    const time = fakeTime();
    const { calls, step } = flaky(5, (n) => new Error(n === 2 ? 'permanent' : 'transient'));
    const options: RetryOptions = {
      backoff,
      retryable: (e) => (e as Error).message === 'transient',
      ...time,
    };
    await expect(retry(step, options)).rejects.toThrow('permanent');
    expect(calls).toEqual([1, 2]);
  });

  it('gives up instead of waiting past maxElapsedMs', async () => {
    const time = fakeTime();
    const { calls, step } = flaky(10);
    await expect(retry(step, { backoff, maxElapsedMs: 750, ...time })).rejects.toThrow('fail 4');
    // waits 100 + 200 + 400 = 700; the next 800 would end at 1500 > 750
    expect(time.slept).toEqual([100, 200, 400]);
    expect(calls).toEqual([1, 2, 3, 4]);
  });

  it('passes its random to the policy jitter', async () => {
    const time = fakeTime();
    const { step } = flaky(2);
    await retry(step, { backoff: { ...backoff, jitter: 'equal' }, random: () => 0, ...time });
    expect(time.slept).toEqual([50, 100]);
  });
});

describe('retry - abort signal', () => {
  it('stops before the next attempt when aborted during a wait', async () => {
    const controller = new AbortController();
    const { calls, step } = flaky(10);
    const sleep = async () => controller.abort();
    await expect(retry(step, { backoff, signal: controller.signal, sleep })).rejects.toThrow('fail 1');
    expect(calls).toEqual([1]);
  });

  it('does not wait after a failure once aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const time = fakeTime();
    const { calls, step } = flaky(10);
    await expect(retry(step, { backoff, signal: controller.signal, ...time })).rejects.toThrow('fail 1');
    expect(calls).toEqual([1]);
    expect(time.slept).toEqual([]);
  });

  it('cuts a real wait short when aborted', async () => {
    const controller = new AbortController();
    const { calls, step } = flaky(10);
    const hour = { baseMs: 3_600_000, maxMs: 3_600_000 };
    const onRetry = () => controller.abort();
    await expect(retry(step, { backoff: hour, signal: controller.signal, onRetry })).rejects.toThrow(
      'fail 1',
    );
    expect(calls).toEqual([1]);
  });
});
