/** One line of `rtms doctor`: what was checked, what was found, and the fix when it failed. */
export interface CheckLine {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string;
  /** Not run because an earlier check failed (NATS unreachable). */
  skipped?: boolean;
}

export const pass = (check: string, detail: string): CheckLine => ({ check, ok: true, detail });
export const fail = (check: string, detail: string, fix: string): CheckLine => ({
  check,
  ok: false,
  detail,
  fix,
});
