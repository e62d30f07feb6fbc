import { access, mkdir, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { TranscriptSegment } from '@rtms/contracts';
import { foldRevisions, type JsonlEntry, toSrt, toWebVtt } from '@rtms/transcript';
import type { Logger } from 'pino';
import { TranscriptDirError, TranscriptFileError } from '../errors.js';
import { KeyedLock } from '../keyed-lock.js';
import { appendDurably, syncDir, writeFileAtomic } from './atomic-write.js';

// Per stream: `<id>.jsonl` gets one line per segment as it arrives (the segment plus its stream sequence
// `seq`), and `<id>.vtt` / `<id>.srt` are written when the stream stops. The JSONL file is its own record of
// what was written: a segment whose segmentId is already in it is not appended again, so a redelivery never
// doubles an entry, whatever happened to the ack.

interface StreamState {
  seen: Set<string>;
  /** Caption files exist: a late segment re-renders them. */
  finalized: boolean;
}

export type AppendResult = 'written' | 'duplicate';

export interface FinalizeResult {
  cues: number;
  vtt: string;
  srt: string;
}

export class TranscriptFiles {
  private readonly states = new Map<string, StreamState>();
  private readonly lock = new KeyedLock();
  private readonly log: Logger;

  constructor(
    readonly dir: string,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'files', dir });
  }

  /** Creates the folder and checks it is writable; throws TranscriptDirError otherwise. */
  async prepare(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      await access(this.dir, 2 /* W_OK */);
    } catch (cause) {
      throw new TranscriptDirError(this.dir, { cause });
    }
  }

  pathOf(streamId: string, ext: 'jsonl' | 'vtt' | 'srt'): string {
    return path.join(this.dir, `${streamId}.${ext}`);
  }

  /** Appends a segment unless the file already has it. Resolves once the line is on disk (fdatasync). */
  append(streamId: string, seq: number, segment: TranscriptSegment): Promise<AppendResult> {
    return this.lock.run(streamId, async () => {
      const state = await this.load(streamId);
      if (state.seen.has(segment.segmentId)) return 'duplicate';
      const file = this.pathOf(streamId, 'jsonl');
      const entry: JsonlEntry = { ...segment, seq };
      try {
        const created = await appendDurably(file, Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8'));
        if (created) await syncDir(this.dir);
      } catch (cause) {
        throw new TranscriptFileError(file, 'append', { cause });
      }
      state.seen.add(segment.segmentId);
      if (state.finalized) await this.render(streamId, state);
      return 'written';
    });
  }

  /** Writes `<id>.vtt` and `<id>.srt` from the JSONL file; undefined when the stream has no file. */
  finalize(streamId: string): Promise<FinalizeResult | undefined> {
    return this.lock.run(streamId, async () => {
      const state = await this.load(streamId);
      if (state.seen.size === 0) {
        this.states.delete(streamId);
        return undefined;
      }
      const result = await this.render(streamId, state);
      // A stopped stream rarely gets more segments: free its memory; a late one reloads the file.
      this.states.delete(streamId);
      return result;
    });
  }

  /** Waits for appends and renders in progress. */
  idle(): Promise<void> {
    return this.lock.idle();
  }

  private async render(streamId: string, state: StreamState): Promise<FinalizeResult> {
    const entries = await this.readEntries(streamId);
    const cues = foldRevisions(entries.sort((a, b) => a.seq - b.seq));
    const vtt = this.pathOf(streamId, 'vtt');
    const srt = this.pathOf(streamId, 'srt');
    try {
      await writeFileAtomic(vtt, toWebVtt(cues));
      await writeFileAtomic(srt, toSrt(cues));
    } catch (cause) {
      throw new TranscriptFileError(vtt, 'write', { cause });
    }
    state.finalized = true;
    this.log.info(
      { streamId, cues: cues.length, segments: entries.length, vtt, srt },
      'caption files written',
    );
    return { cues: cues.length, vtt, srt };
  }

  private async load(streamId: string): Promise<StreamState> {
    const cached = this.states.get(streamId);
    if (cached) return cached;
    const entries = await this.readEntries(streamId);
    const finalized = await access(this.pathOf(streamId, 'vtt')).then(
      () => true,
      () => false,
    );
    const state: StreamState = { seen: new Set(entries.map((e) => e.segmentId)), finalized };
    this.states.set(streamId, state);
    return state;
  }

  /** Reads the JSONL file; cuts a torn last line (from a power loss) and skips unreadable lines. */
  private async readEntries(streamId: string): Promise<JsonlEntry[]> {
    const file = this.pathOf(streamId, 'jsonl');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TranscriptFileError(file, 'read', { cause: err });
    }
    if (text.length > 0 && !text.endsWith('\n')) {
      const keep = text.lastIndexOf('\n') + 1;
      this.log.warn({ file, cutBytes: Buffer.byteLength(text.slice(keep)) }, 'torn last line cut from file');
      try {
        await truncate(file, Buffer.byteLength(text.slice(0, keep)));
      } catch (cause) {
        throw new TranscriptFileError(file, 'repair', { cause });
      }
      text = text.slice(0, keep);
    }
    const entries: JsonlEntry[] = [];
    text.split('\n').forEach((line, index) => {
      if (line === '') return;
      const entry = parseEntry(line);
      if (entry) entries.push(entry);
      else this.log.warn({ file, line: index + 1 }, 'unreadable line in transcript file skipped');
    });
    return entries;
  }
}

function parseEntry(line: string): JsonlEntry | undefined {
  try {
    const raw = JSON.parse(line) as { seq?: unknown };
    const parsed = TranscriptSegment.safeParse(raw);
    if (!parsed.success || typeof raw.seq !== 'number') return undefined;
    return { ...parsed.data, seq: raw.seq };
  } catch {
    return undefined;
  }
}
