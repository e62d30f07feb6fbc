// @rtms/audio-codecs: the RTMS audio codecs both sides need (docs/rtms-protocol.md, media parameters: 1 L16,
// 2 G.711 A-law, 3 G.722, 4 Opus). The simulator encodes its speakers' tones with them; the media recorder
// decodes what it records to 16-bit PCM. See README.md for why Opus is a library and G.722 our own code.

export type { AudioDecoder } from './decoders.js';
export { canDecode, createAudioDecoder, decodedRate } from './decoders.js';
export { alawEncode } from './g711.js';
export { G722Encoder } from './g722-encoder.js';
export { OpusEncoder } from './opus.js';
