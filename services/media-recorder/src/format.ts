import { InvalidAudioFormatError } from './errors.js';
import { G711_CODECS } from './g711.js';

// The connector's Rtms-Format header of audio (`audio/L16;rate=16000;channels=1`, `audio/PCMA;…` for G.711)
// and the WAV container written from it: RIFF, one `fmt ` chunk (PCM, 16-bit little-endian, as Zoom's L16;
// G.711 is decoded to it), one `data` chunk.

export interface AudioFormat {
  codec: string;
  rate: number;
  channels: number;
}

/** Parses `audio/<codec>;rate=<hz>;channels=<n>`. */
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
  return { codec, rate, channels };
}

/** L16 and G.711 (decoded to 16-bit PCM, g711.ts) are written as WAV; others not yet (docs/media-recorder.md). */
export const isRecordable = (f: AudioFormat) =>
  (f.codec === 'L16' || G711_CODECS.includes(f.codec)) && f.rate % 1000 === 0;

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
