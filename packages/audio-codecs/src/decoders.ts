import { type G711Codec, g711ToPcm16 } from './g711.js';
import { G722Decoder } from './g722-decoder.js';
import { OPUS_RATES, OpusDecoder } from './opus.js';

// One decoder interface for every coded RTMS audio format, named as the connector's Rtms-Format header names
// them (`audio/PCMA`, `audio/G722`, `audio/opus`): what the recorder turns into 16-bit PCM. G.722 and Opus
// decoders are stateful (ADPCM predictor, Opus's overlap and prediction): one per stream and speaker, fed
// that speaker's frames in order. L16 is PCM already and has none.

export interface AudioDecoder {
  /** One frame (or message) of coded audio as 16-bit interleaved samples. */
  decode(frame: Uint8Array): Int16Array;
  /** Frees what the decoder holds outside the JavaScript heap (Opus's WebAssembly state). */
  close(): void;
}

/**
 * The sample rate a codec's frames decode to, given the rate asked for: G.722 is always 16 kHz audio (RTP
 * names it 8000 Hz); Opus decodes to any of libopus's rates, and to 48 kHz for one it does not have (32 kHz).
 */
export function decodedRate(codec: string, rate: number): number {
  if (codec === 'G722') return 16_000;
  if (codec === 'opus' && !OPUS_RATES.includes(rate)) return 48_000;
  return rate;
}

/** Whether `createAudioDecoder` has a decoder for this format (at the rate `decodedRate` gives). */
export function canDecode(codec: string, rate: number, channels: number): boolean {
  if (codec === 'PCMA' || codec === 'PCMU') return rate % 1000 === 0;
  if (codec === 'G722') return channels === 1;
  if (codec === 'opus') return OPUS_RATES.includes(rate) && (channels === 1 || channels === 2);
  return false;
}

/** A decoder for a coded format (see `canDecode`), undefined for L16 and formats we cannot decode. */
export function createAudioDecoder(codec: string, rate: number, channels: number): AudioDecoder | undefined {
  if (!canDecode(codec, rate, channels)) return undefined;
  if (codec === 'G722') {
    const g722 = new G722Decoder();
    return { decode: (frame) => g722.decode(frame), close: () => {} };
  }
  if (codec === 'opus') {
    const opus = new OpusDecoder(rate, channels);
    return { decode: (frame) => opus.decode(frame), close: () => opus.close() };
  }
  return {
    decode: (frame) => {
      const bytes = g711ToPcm16(codec as G711Codec, frame);
      return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    },
    close: () => {},
  };
}
