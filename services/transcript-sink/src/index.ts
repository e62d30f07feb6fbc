// @rtms/transcript-sink: the durable transcript subscriber (log lines, files, live page) as a library, for
// tests and for embedding; `main.ts` is the process.

export type { SinkDeps, TranscriptSink } from './app.js';
export { buildApp } from './app.js';
export type { SinkConfig } from './config.js';
export { loadConfig, SERVICE, SinkEnv } from './config.js';
export { SeenLedgerError, TranscriptDirError, TranscriptFileError } from './errors.js';
export type { Cue } from './files/captions.js';
export { foldRevisions, toSrt, toWebVtt } from './files/captions.js';
export type { JsonlEntry } from './files/transcript-files.js';
export type { SinkMetrics } from './metrics.js';
export { sinkTopology } from './topology.js';
export { TRANSCRIPT_MSG, transcriptLineFields } from './transcript-line.js';
