/**
 * Lets one log line through per interval and counts what it held back, so a flood of bad frames costs a
 * counter increment each, not a log line each.
 */
export class LogThrottle {
  private last = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(private readonly intervalMs = 1000) {}

  /** The number of lines suppressed since the last one let through, or undefined to suppress this one. */
  take(now = Date.now()): number | undefined {
    if (now - this.last < this.intervalMs) {
      this.suppressed += 1;
      return undefined;
    }
    this.last = now;
    const n = this.suppressed;
    this.suppressed = 0;
    return n;
  }
}
