// @rtms/transcript: a stream's transcript as people read it, shared by transcript-sink (files, live page
// downloads, log lines) and the `rtms` CLI (export, tail): one copy of the revision folding and the formats.

export { foldRevisions, toSrt, toWebVtt } from './captions.js';
export type { JsonlEntry, TranscriptFormat } from './render.js';
export { isTranscriptFormat, renderTranscript, TranscriptFormats } from './render.js';
export { readStreamSegments } from './segment-reader.js';
export { TRANSCRIPT_MSG, transcriptLineFields } from './transcript-line.js';
