/**
 * One interval timer serving every stream (media frames, keep-alives): the simulator never runs a timer per
 * stream or per media type. `tick` walks the registry.
 */
export abstract class SharedTimer {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number) {}

  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  abstract tick(): void;
}
