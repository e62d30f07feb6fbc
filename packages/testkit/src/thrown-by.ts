/**
 * Runs `fn` and returns the error it throws, which must be an instance of `type` (a test then inspects its
 * fields). Fails when nothing, or something else, is thrown.
 */
export function thrownBy<E extends Error>(fn: () => unknown, type: new (...args: never[]) => E): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected ${type.name} to be thrown`);
}
