import { G722Encoder, OpusEncoder } from '@rtms/audio-codecs';
import { describe, expect, it } from 'vitest';
import { FrameDecoders } from './audio-decoders.js';
import { isRecordable, parseAudioFormat, wavFormatName } from './format.js';

// Coded frames to PCM as they are placed: a decoder per user (stateful codecs), formats and their WAV names.

const tone = (hz: number, rate: number) =>
  Int16Array.from({ length: rate / 50 }, (_, i) =>
    Math.round(6000 * Math.sin((2 * Math.PI * hz * i) / rate)),
  );

/** Peak of a block of 16-bit little-endian PCM bytes. */
const peak = (bytes: Uint8Array) => {
  const s = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  return Math.max(...s.map(Math.abs));
};

describe('audio-decoders', () => {
  it('audio-decoders - formats: G.722 is 16 kHz PCM, Opus at 32 kHz is 48 kHz, and their WAV names', () => {
    const g722 = parseAudioFormat('audio/G722;rate=8000;channels=1');
    expect(g722).toEqual({ codec: 'G722', rate: 16_000, channels: 1 });
    expect(isRecordable(g722)).toBe(true);
    expect(wavFormatName(g722)).toBe('audio/wav;codec=L16;rate=16000;channels=1;source=G722');
    const opus = parseAudioFormat('audio/opus;rate=32000;channels=2');
    expect(opus).toEqual({ codec: 'opus', rate: 48_000, channels: 2 });
    expect(isRecordable(opus)).toBe(true);
    expect(wavFormatName(parseAudioFormat('audio/opus;rate=16000;channels=1'))).toBe(
      'audio/wav;codec=L16;rate=16000;channels=1;source=opus',
    );
    expect(isRecordable(parseAudioFormat('audio/G722;rate=16000;channels=2'))).toBe(false);
    expect(isRecordable(parseAudioFormat('audio/x-other;rate=16000;channels=1'))).toBe(false);
  });

  it('audio-decoders - each user has their own decoder: interleaved G.722 and Opus streams decode to their tones', () => {
    const decoders = new FrameDecoders();
    const g722 = parseAudioFormat('audio/G722;rate=16000;channels=1');
    const opus = parseAudioFormat('audio/opus;rate=16000;channels=1');
    const loud = new G722Encoder();
    const quiet = new G722Encoder();
    const opusEncoder = new OpusEncoder(16_000, 1);
    let lastLoud = 0;
    let lastQuiet = 0;
    let lastOpus = 0;
    for (let i = 0; i < 20; i++) {
      // Two users of one stream, frames interleaved: a loud and a quiet one.
      lastLoud = peak(decoders.pcm(g722, 'a', loud.encode(tone(500, 16_000))));
      lastQuiet = peak(
        decoders.pcm(g722, 'b', quiet.encode(tone(300, 16_000).map((v) => Math.round(v / 10)))),
      );
      lastOpus = peak(decoders.pcm(opus, 'c', opusEncoder.encode(tone(700, 16_000))));
    }
    expect(lastLoud).toBeGreaterThan(5000);
    expect(lastQuiet).toBeLessThan(1000);
    expect(lastQuiet).toBeGreaterThan(400);
    expect(lastOpus).toBeGreaterThan(3000);
    // L16 passes through as it is; a broken Opus packet throws (placeMessage counts it invalid).
    const l16 = Uint8Array.from([1, 2, 3, 4]);
    expect(decoders.pcm(parseAudioFormat('audio/L16;rate=16000;channels=1'), 'a', l16)).toBe(l16);
    expect(() => decoders.pcm(opus, 'c', Uint8Array.from([0xff, 0xff, 0xff]))).toThrow();
    opusEncoder.close();
    decoders.close();
  });
});
