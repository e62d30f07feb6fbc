import type { RecordingManifest } from '@rtms/contracts';
import type { Logger } from 'pino';
import type { RecordingStore } from '../store.js';
import { NalType, nalType, nalUnits } from './annex-b.js';
import { frameDurations } from './frame-times.js';
import { parseSps, type SpsInfo } from './h264-sps.js';
import { type ImageFrame, unpackFrames } from './image-track.js';
import type { StoredImagePart } from './mp4-file.js';
import { type Mp4Sample, mp4Head } from './mp4-mux.js';

// A video or share track of H.264 frames (Zoom's codec 7, Annex B: docs/rtms-protocol.md §4.3) remuxed into
// an MP4 without re-encoding: each frame (one access unit) becomes one sample with 4-byte NAL lengths, the
// first SPS and PPS go into the sample entry (avcC), and each sample lasts until the next frame's Zoom
// timestamp (frame-times.ts), so ffprobe's pts of a frame is its timestamp − the first's. Two passes over the
// stored parts: the first sizes every sample (the MP4's head, written first, lists them), the second streams
// them, so memory holds one part, not the track. Frames before the first IDR with its SPS and PPS cannot be
// decoded and are left out (logged); so is a frame that is not Annex B with a picture in it (a broken frame
// does not break the file). Zoom's frames after that (P frames, new parameter sets) are kept as they came.

type ManifestFile = RecordingManifest['files'][number];

/** The connector's Rtms-Format header of H.264 frames. */
export const H264_FORMAT = 'video/h264';

interface Config {
  sps: Uint8Array;
  pps: Uint8Array;
  info: SpsInfo;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
/** Slices (coded pictures) are NAL types 1 to 5. */
const isPicture = (t: number) => t >= NalType.slice && t <= NalType.idr;

/** The stored frames in timestamp order, each once. */
async function* storedFrames(parts: StoredImagePart[], store: Pick<RecordingStore, 'getBlob'>) {
  let last = Number.NEGATIVE_INFINITY;
  for (const part of [...parts].sort((a, b) => a.first - b.first)) {
    for (const frame of unpackFrames(await store.getBlob(part.name))) {
      if (frame.timestamp <= last) continue;
      last = frame.timestamp;
      yield frame;
    }
  }
}

/** A frame's NAL units in the MP4: access unit delimiters and the sample entry's own SPS/PPS left out. */
function sampleNals(nals: Uint8Array[], config: Config): Uint8Array[] {
  return nals.filter((n) => {
    const t = nalType(n);
    return (
      t !== NalType.aud &&
      !(t === NalType.sps && same(n, config.sps)) &&
      !(t === NalType.pps && same(n, config.pps))
    );
  });
}

function avccSample(nals: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nals.reduce((n, nal) => n + 4 + nal.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const nal of nals) {
    view.setUint32(at, nal.length);
    out.set(nal, at + 4);
    at += 4 + nal.length;
  }
  return out;
}

interface Scan {
  config: Config | undefined;
  samples: (Mp4Sample & { timestamp: number })[];
  /** Frames before the first decodable IDR. */
  beforeIdr: number;
  /** Frames that are not Annex B, have no picture, or whose SPS does not parse. */
  broken: { count: number; first?: number };
}

/** The first pass: which frames become samples, and their sizes. */
async function scan(parts: StoredImagePart[], store: Pick<RecordingStore, 'getBlob'>): Promise<Scan> {
  const s: Scan = { config: undefined, samples: [], beforeIdr: 0, broken: { count: 0 } };
  let sps: Uint8Array | undefined;
  let pps: Uint8Array | undefined;
  const broken = (f: ImageFrame) => {
    s.broken.count++;
    s.broken.first ??= f.timestamp;
  };
  for await (const frame of storedFrames(parts, store)) {
    const nals = nalUnits(frame.data);
    const types = nals.map(nalType);
    sps = nals.find((n) => nalType(n) === NalType.sps) ?? sps;
    pps = nals.find((n) => nalType(n) === NalType.pps) ?? pps;
    // forbidden_zero_bit set, or no picture: not a frame. Parameter sets alone are kept for the next IDR.
    if (nals.some((n) => (n[0] as number) & 0x80) || !types.some(isPicture)) {
      if (!types.length || types.some((t) => t !== NalType.sps && t !== NalType.pps && t !== NalType.aud))
        broken(frame);
      continue;
    }
    if (!s.config) {
      if (!types.includes(NalType.idr) || !sps || !pps) {
        s.beforeIdr++;
        continue;
      }
      try {
        s.config = { sps: sps.slice(), pps: pps.slice(), info: parseSps(sps) };
      } catch {
        broken(frame);
        continue;
      }
    }
    const size = sampleNals(nals, s.config).reduce((n, nal) => n + 4 + nal.length, 0);
    s.samples.push({ timestamp: frame.timestamp, size, duration: 0, sync: types.includes(NalType.idr) });
  }
  return s;
}

/** The MP4 of a track of H.264 frames, stored as `name`; undefined (logged) when no frame can be decoded. */
export async function writeH264Mp4(o: {
  name: string;
  parts: StoredImagePart[];
  store: Pick<RecordingStore, 'getBlob' | 'putFile'>;
  log: Logger;
}): Promise<ManifestFile | undefined> {
  const { config, samples, beforeIdr, broken } = await scan(o.parts, o.store);
  if (beforeIdr)
    o.log.warn(
      { file: o.name, frames: beforeIdr },
      'H.264 frames before the first IDR with SPS and PPS: left out',
    );
  if (broken.count)
    o.log.warn(
      { file: o.name, frames: broken.count, firstTimestamp: broken.first },
      'broken H.264 frames left out',
    );
  if (!config || samples.length === 0) {
    o.log.warn({ file: o.name }, 'no decodable H.264 frame: the MP4 is left out of the recording');
    return undefined;
  }
  const { durations } = frameDurations(samples.map((s) => s.timestamp));
  samples.forEach((s, i) => {
    s.duration = Math.max(1, Math.round(durations[i] as number));
  });
  const head = mp4Head({ ...config, samples });
  async function* body() {
    yield head;
    let k = 0;
    for await (const frame of storedFrames(o.parts, o.store)) {
      if (frame.timestamp !== samples[k]?.timestamp) continue;
      const sample = avccSample(sampleNals(nalUnits(frame.data), config as Config));
      // The head lists the first pass's sizes: a part that read back differently would shift every sample.
      if (sample.length !== samples[k]?.size)
        throw new RangeError(`${o.name}: frame ${frame.timestamp} read back with another size`);
      yield sample;
      k++;
    }
  }
  const file = await o.store.putFile(o.name, body);
  const first = (samples[0] as { timestamp: number }).timestamp;
  return {
    name: o.name,
    format: `video/mp4;codec=avc1;width=${config.info.width};height=${config.info.height}`,
    durationMs: samples.reduce((n, s) => n + s.duration, 0),
    bytes: file.bytes,
    sha256: file.sha256,
    startTimestamp: first,
    frames: samples.length,
  };
}
