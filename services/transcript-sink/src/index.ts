// @rtms/transcript-sink: the durable transcript subscriber (log lines, files, live page) as a library, for
// tests and for embedding; `main.ts` is the process.

export type { SinkDeps, TranscriptSink } from './app.js';
export { buildApp } from './app.js';
export type { SinkConfig } from './config.js';
export { loadConfig, SERVICE, SinkEnv } from './config.js';
export { SeenLedgerError, TranscriptDirError, TranscriptFileError } from './errors.js';
export type { SinkMetrics } from './metrics.js';
export { sinkTopology } from './topology.js';
