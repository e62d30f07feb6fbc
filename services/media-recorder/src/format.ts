import { canDecode, decodedRate } from '@rtms/audio-codecs';
import { InvalidAudioFormatError } from './errors.js';

// The connector's Rtms-Format header of audio (`audio/L16;rate=16000;channels=1`; `audio/PCMA;…` for G.711,
// `audio/G722;…`, `audio/opus;…`) and the WAV container written from it: RIFF, one `fmt ` chunk (PCM, 16-bit
// little-endian, as Zoom's L16; the coded formats are decoded to it, audio-decoders.ts), one `data` chunk.

export interface AudioFormat {
  codec: string;
  /** The rate of the PCM written: the header's, except G.722 (always 16 kHz) and Opus at 32 kHz (48 kHz). */
  rate: number;
  channels: number;
}

/** Parses `audio/<codec>;rate=<hz>;channels=<n>`, with the rate its frames decode to (`decodedRate`). */
export function parseAudioFormat(header: string): AudioFormat {
  const [type, ...params] = header.split(';').map((p) => p.trim());
  const codec = type?.startsWith('audio/') ? type.slice('audio/'.length) : '';
  const values = new Map(
    params.map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i), p.slice(i + 1)] as const;
    }),
  );
  const rate = Number(values.get('rate'));
  const channels = Number(values.get('channels') ?? 1);
  if (!codec || !Number.isInteger(rate) || rate <= 0 || !Number.isInteger(channels) || channels < 1) {
    throw new InvalidAudioFormatError(header);
  }
  return { codec, rate: decodedRate(codec, rate), channels };
}

/** L16, and the codecs decoded to 16-bit PCM (G.711, G.722, Opus), are written as WAV (docs/media-recorder.md). */
export const isRecordable = (f: AudioFormat) =>
  f.codec === 'L16' ? f.rate % 1000 === 0 : canDecode(f.codec, f.rate, f.channels);

/** Bytes of one sample frame (all channels). */
export const frameBytes = (f: AudioFormat) => 2 * f.channels;

/** The 44-byte header of a PCM WAV file holding `dataBytes` of 16-bit samples. */
export function wavHeader(f: AudioFormat, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(f.channels, 22);
  h.writeUInt32LE(f.rate, 24);
  h.writeUInt32LE(f.rate * frameBytes(f), 28);
  h.writeUInt16LE(frameBytes(f), 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** The manifest's format string of a WAV file; `source=` names the codec it was decoded from (not L16). */
export const wavFormatName = (f: AudioFormat) =>
  `audio/wav;codec=L16;rate=${f.rate};channels=${f.channels}${f.codec === 'L16' ? '' : `;source=${f.codec}`}`;
