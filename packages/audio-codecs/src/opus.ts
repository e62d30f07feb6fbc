import { createRequire } from 'node:module';

// Opus (RTMS audio codec 4, docs/rtms-protocol.md, media parameters) through libopus 1.4 compiled to
// WebAssembly by the npm package `opusscript`: the reference codec, no native build, no ffmpeg process.
// We drive its native module (the `OpusScriptHandler` class, `_malloc`, the heap) ourselves instead of
// its `index.js`: that wrapper keeps typed-array views of the heap made at construction, which are detached
// as soon as the heap grows (a few hundred en/decoders: "Cannot perform %TypedArray%.prototype.set on a
// detached ArrayBuffer"), and indexes its 16-bit view with byte addresses. Here the heap views are read at
// each call and two scratch buffers serve every instance (calls are synchronous).
//
// The handler's ABI (opusscript's src/opusscript_encoder.cpp): `_encode(in, samples, out, frameSize)` reads
// its input as one byte per 16-bit slot and packs it in place; `_decode(in, bytes, out)` writes each byte
// of the decoded 16-bit samples into a 16-bit slot and returns the samples per channel.

interface Handler {
  _encode(input: number, samples: number, output: number, frameSize: number): number;
  _decode(input: number, bytes: number, output: number): number;
  _encoder_ctl(ctl: number, arg: number): number;
}
interface Native {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  _malloc(bytes: number): number;
  OpusScriptHandler: {
    new (rate: number, channels: number, application: number): Handler;
    destroy_handler(handler: Handler): void;
  };
}

/** libopus's rates: an Opus stream decodes to any of them, whatever it was encoded at. */
export const OPUS_RATES = [8000, 12_000, 16_000, 24_000, 48_000];
/** OPUS_APPLICATION_AUDIO; OPUS_SET_BITRATE_REQUEST. */
const APPLICATION_AUDIO = 2049;
const SET_BITRATE = 4002;
/** Samples per channel of the longest packet (120 ms at 48 kHz), stereo, one byte per 16-bit slot. */
const MAX_SAMPLES = 5760 * 2;
const MAX_PACKET = 1276 * 3;

export class OpusError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OpusError';
  }
}

let native: { mod: Native; pcm: number; packet: number } | undefined;

/** The WebAssembly module, instantiated (synchronously) at first use, and its scratch buffers. */
function load(): { mod: Native; pcm: number; packet: number } {
  if (native) return native;
  const mod = (
    createRequire(import.meta.url)('opusscript/build/opusscript_native_wasm.js') as () => Native
  )();
  native = { mod, pcm: mod._malloc(MAX_SAMPLES * 4), packet: mod._malloc(MAX_PACKET * 2) };
  return native;
}

/** Frees a handler's libopus state when its JavaScript object is collected without close(). */
const handlers = new FinalizationRegistry<Handler>((h) => load().mod.OpusScriptHandler.destroy_handler(h));

abstract class OpusCodec {
  protected handler: Handler | undefined;

  constructor(
    readonly rate: number,
    readonly channels: number,
  ) {
    if (!OPUS_RATES.includes(rate) || (channels !== 1 && channels !== 2))
      throw new OpusError(`Opus cannot code ${rate} Hz with ${channels} channels`);
    const handler = new (load().mod.OpusScriptHandler)(rate, channels, APPLICATION_AUDIO);
    this.handler = handler;
    handlers.register(this, handler, this);
  }

  protected live(): Handler {
    if (!this.handler) throw new OpusError('Opus coder used after close()');
    return this.handler;
  }

  /** Frees libopus's state now (otherwise when this object is garbage collected). */
  close(): void {
    if (!this.handler) return;
    handlers.unregister(this);
    load().mod.OpusScriptHandler.destroy_handler(this.handler);
    this.handler = undefined;
  }
}

export class OpusEncoder extends OpusCodec {
  constructor(rate: number, channels: number, bitrate = 32_000 * channels) {
    super(rate, channels);
    this.live()._encoder_ctl(SET_BITRATE, bitrate);
  }

  /** One packet of 16-bit interleaved samples: 2.5, 5, 10, 20, 40, 60, 80, 100 or 120 ms of them. */
  encode(pcm: Int16Array): Uint8Array {
    const { mod, pcm: at, packet } = load();
    const samples = pcm.length;
    if (samples > MAX_SAMPLES) throw new OpusError(`Opus frame of ${samples} samples is too long`);
    const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, samples * 2);
    mod.HEAPU16.set(bytes, at >> 1);
    const len = this.live()._encode(at, samples, packet, samples / this.channels);
    if (len < 0) throw new OpusError(`opus_encode failed (${len})`);
    return mod.HEAPU8.slice(packet, packet + len);
  }
}

export class OpusDecoder extends OpusCodec {
  /** A packet's 16-bit interleaved samples at this decoder's rate and channels. */
  decode(packet: Uint8Array): Int16Array {
    const { mod, pcm, packet: at } = load();
    if (packet.length > MAX_PACKET) throw new OpusError(`Opus packet of ${packet.length} bytes is too long`);
    mod.HEAPU8.set(packet, at);
    const len = this.live()._decode(at, packet.length, pcm);
    if (len < 0) throw new OpusError(`opus_decode failed (${len})`);
    const slots = mod.HEAPU16.subarray(pcm >> 1, (pcm >> 1) + len * this.channels * 2);
    const out = new Int16Array(len * this.channels);
    const bytes = new Uint8Array(out.buffer);
    bytes.set(slots);
    return out;
  }
}
