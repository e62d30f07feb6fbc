// @rtms/media-recorder: recordings per rtms_stream_id from RTMS_MEDIA (WAV, MP4, a manifest), stored in the
// rtms-recordings object store. Tests build the service with buildApp; `node dist/main.js` runs it.

export type { AppDeps, RecorderApp } from './app.js';
export { buildApp } from './app.js';
export type { RecorderConfig } from './config.js';
export { loadConfig, RecorderEnv, SERVICE } from './config.js';
export { InvalidAudioFormatError, RecorderClosedError, RecordingStoreError } from './errors.js';
export type { AudioFormat } from './format.js';
export { parseAudioFormat, wavHeader } from './format.js';
export { recorderTopology } from './topology.js';
