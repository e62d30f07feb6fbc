// audio-decoding: what the media recorder pays to decode recorded audio to 16-bit PCM, per stream-second of
// one stream (20 ms frames, one core, after warm-up): G.722 (our decoder) and Opus (libopus through
// opusscript's WebAssembly) against G.711 (a 256-entry table per sample) measured in the same run, from the
// built @rtms/audio-codecs. The input is a 440 Hz tone encoded with the package's own encoders.
// Environment: BENCH_AUDIO_SECONDS (seconds of audio per codec, default 30), BENCH_AUDIO_ROUNDS (default 3).
import {
  alawEncode,
  createAudioDecoder,
  G722Encoder,
  OpusEncoder,
} from '../packages/audio-codecs/dist/index.js';
import { saveResults } from './lib/results.mjs';

const SECONDS = Number(process.env.BENCH_AUDIO_SECONDS ?? 30);
const ROUNDS = Number(process.env.BENCH_AUDIO_ROUNDS ?? 3);
const CODECS = [
  { codec: 'PCMA', rate: 8000, label: 'G.711 A-law 8 kHz' },
  { codec: 'G722', rate: 16_000, label: 'G.722 16 kHz' },
  { codec: 'opus', rate: 16_000, label: 'Opus 16 kHz mono' },
  { codec: 'opus', rate: 48_000, label: 'Opus 48 kHz mono' },
];

/** `SECONDS` of a 440 Hz tone at `rate`, encoded as 20 ms frames of `codec`. */
function encodedFrames(codec, rate) {
  const perFrame = rate / 50;
  const g722 = codec === 'G722' ? new G722Encoder() : undefined;
  const opus = codec === 'opus' ? new OpusEncoder(rate, 1) : undefined;
  const frames = [];
  for (let f = 0; f < SECONDS * 50; f++) {
    const pcm = Int16Array.from({ length: perFrame }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * (f * perFrame + i)) / rate)),
    );
    frames.push(g722 ? g722.encode(pcm) : opus ? opus.encode(pcm) : Uint8Array.from(pcm, alawEncode));
  }
  opus?.close();
  return frames;
}

/** CPU ms to decode the frames once with a fresh decoder, per second of audio. */
function decodeMs(codec, rate, frames) {
  const decoder = createAudioDecoder(codec, rate, 1);
  let samples = 0;
  const before = process.cpuUsage();
  for (const frame of frames) samples += decoder.decode(frame).length;
  const used = process.cpuUsage(before);
  decoder.close();
  if (samples !== rate * SECONDS) throw new Error(`${codec}: ${samples} samples decoded`);
  return (used.user + used.system) / 1000 / SECONDS;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const inputs = CODECS.map((c) => ({ ...c, frames: encodedFrames(c.codec, c.rate) }));
for (const c of inputs) decodeMs(c.codec, c.rate, c.frames); // warm-up: JIT and WebAssembly tiers
// Rounds alternate the codecs, so a busy moment of the machine falls on all of them alike.
const runs = new Map(inputs.map((c) => [c.label, []]));
for (let r = 0; r < ROUNDS; r++)
  for (const c of inputs) runs.get(c.label).push(decodeMs(c.codec, c.rate, c.frames));
const ms = new Map([...runs].map(([label, xs]) => [label, median(xs)]));
const baseline = ms.get(CODECS[0].label);
const figures = [];
for (const c of CODECS) {
  const v = ms.get(c.label);
  figures.push({ label: `${c.label}: CPU ms per stream-second`, value: v, unit: 'ms' });
  if (c !== CODECS[0]) figures.push({ label: `${c.label} / G.711`, value: v / baseline, unit: '×' });
  process.stdout.write(`${c.label}: ${v.toFixed(3)} CPU ms per stream-second\n`);
}
const worst = Math.max(...CODECS.map((c) => ms.get(c.label)));
figures.push({
  label: 'cores to decode 200 streams (costliest codec)',
  value: (worst * 200) / 1000,
  unit: 'cores',
});
saveResults('audio-decoding', {
  figures,
  notes: [`${SECONDS} s of a 440 Hz tone per codec, median of ${ROUNDS} rounds after a warm-up`],
});
