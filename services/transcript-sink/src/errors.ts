/** A transcript file could not be read or written (disk full, permissions, a folder that vanished). */
export class TranscriptFileError extends Error {
  constructor(
    readonly path: string,
    readonly operation: 'read' | 'append' | 'write' | 'repair',
    options?: ErrorOptions,
  ) {
    super(`could not ${operation} transcript file '${path}'`, options);
    this.name = 'TranscriptFileError';
  }
}

/** TRANSCRIPT_DIR cannot be created or written to; the sink refuses to start rather than lose files. */
export class TranscriptDirError extends Error {
  constructor(
    readonly dir: string,
    options?: ErrorOptions,
  ) {
    super(
      `TRANSCRIPT_DIR '${dir}' cannot be created or written to: fix its permissions, or unset TRANSCRIPT_DIR ` +
        'to log transcripts without files',
      options,
    );
    this.name = 'TranscriptDirError';
  }
}

/** The redelivery guard (KV bucket) could not be read or written; the segment is retried later. */
export class SeenLedgerError extends Error {
  constructor(
    readonly key: string,
    readonly operation: 'get' | 'put',
    options?: ErrorOptions,
  ) {
    super(`could not ${operation} '${key}' in the transcript-sink-seen bucket`, options);
    this.name = 'SeenLedgerError';
  }
}
