import pc from 'picocolors';
import yoctoSpinner from 'yocto-spinner';

// Everything a command prints goes through here: results to stdout (text, or JSON with --json), progress and
// errors to stderr. Colour only when stdout is a terminal (and NO_COLOR is unset); a spinner only when
// stderr is one; neither with --json, so scripts and pipes get plain bytes.

interface Sink {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
}

export interface CliIo {
  stdout: Sink;
  stderr: Sink;
  /** NO_COLOR / FORCE_COLOR as the process sees them. */
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: long-running commands end cleanly with exit 0. */
  signal: AbortSignal;
}

export type Colors = ReturnType<typeof pc.createColors>;

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

export class Output {
  readonly colors: Colors;
  readonly interactive: boolean;

  constructor(
    readonly io: CliIo,
    readonly json: boolean,
  ) {
    const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
    this.interactive = Boolean(io.stdout.isTTY) && !json;
    this.colors = pc.createColors(this.interactive && !noColor);
  }

  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** One JSON document per line (NDJSON), so a stream of results (tail, --watch) stays parseable. */
  jsonLine(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** A note for people (stderr): never mixed into the results a script reads. */
  note(text: string): void {
    if (!this.json) this.io.stderr.write(`${text}\n`);
  }

  error(text: string): void {
    const c = pc.createColors(Boolean(this.io.stderr.isTTY) && !this.io.env.NO_COLOR);
    this.io.stderr.write(`${c.red('error')} ${text}\n`);
  }

  /** A spinner on stderr while `text` is being done; a no-op off a terminal or with --json. */
  spinner(text: string): Spinner {
    if (this.json || !this.io.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
    const spinner = yoctoSpinner({ text, stream: this.io.stderr as NodeJS.WriteStream }).start();
    return {
      update: (t) => {
        spinner.text = t;
      },
      stop: () => {
        spinner.stop();
      },
    };
  }
}

/** Rows as aligned columns under a header; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell)),
      )
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are measured out
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string) => text.replace(ANSI, '').length;
