import { type AudioDecoder, createAudioDecoder } from '@rtms/audio-codecs';
import type { AudioFormat } from './format.js';

// Coded audio (G.711, G.722, Opus; docs/rtms-protocol.md, media parameters) to the 16-bit PCM every track
// holds, as frames are placed (@rtms/audio-codecs). G.722 and Opus decoders carry state from frame to frame,
// so each source user of a stream has their own, fed that user's frames in order; the same PCM goes into the
// mixed track and the user's own one. After a restart (or a lease taken over) a fresh decoder starts at the
// first frame read: it settles within a few frames, and the frames before it were stored already.

export class FrameDecoders {
  private readonly byUser = new Map<string, AudioDecoder>();

  /**
   * A frame as 16-bit little-endian PCM bytes: L16 as it is, a coded frame decoded by its user's decoder.
   * Throws what the decoder throws for bytes it cannot decode.
   */
  pcm(format: AudioFormat, userId: string, data: Uint8Array): Uint8Array {
    if (format.codec === 'L16') return data;
    let decoder = this.byUser.get(userId);
    if (!decoder) {
      decoder = createAudioDecoder(format.codec, format.rate, format.channels);
      if (!decoder) return data;
      this.byUser.set(userId, decoder);
    }
    const pcm = decoder.decode(data);
    return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  }

  /** Frees the decoders (Opus's WebAssembly state): the stream's worker stopped. */
  close(): void {
    for (const decoder of this.byUser.values()) decoder.close();
    this.byUser.clear();
  }
}
