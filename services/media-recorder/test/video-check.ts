import { spawnSync } from 'node:child_process';

// What the recording test reads back from an MP4 with Debian's ffmpeg and ffprobe: each frame's presentation
// time, and the simulator's visible frame counter (its top row of 16 black/white 8×8 blocks, most significant
// bit left; docs/zoom-simulator.md) decoded from the pixels.

const runs = (bin: string) => spawnSync(bin, ['-version'], { stdio: 'ignore' }).status === 0;

/** Why the MP4 checks cannot run here (ffmpeg or ffprobe missing), or undefined when they can. */
export const ffmpegMissing =
  runs('ffmpeg') && runs('ffprobe')
    ? undefined
    : 'ffmpeg/ffprobe not on PATH (apt-get install -y ffmpeg; npm test installs it when run as root)';

function run(bin: string, args: string[]): Buffer {
  const r = spawnSync(bin, ['-v', 'error', ...args], { maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return r.stdout;
}

/** Frames (packets, in presentation order: their times in ms), the container's duration, size and profile. */
export function probeMp4(file: string): {
  ptsMs: number[];
  durationMs: number;
  width: number;
  height: number;
  profile: string;
} {
  const out = JSON.parse(
    run('ffprobe', [
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time:stream=width,height,profile:format=duration',
      '-of',
      'json',
      file,
    ]).toString('utf8'),
  ) as {
    packets: { pts_time: string }[];
    streams: { width: number; height: number; profile: string }[];
    format: { duration: string };
  };
  const ptsMs = out.packets.map((p) => Math.round(Number(p.pts_time) * 1000)).sort((a, b) => a - b);
  const { width, height, profile } = out.streams[0] ?? { width: 0, height: 0, profile: '' };
  return { ptsMs, durationMs: Math.round(Number(out.format.duration) * 1000), width, height, profile };
}

/** The counter shown in each decoded frame, in presentation order. */
export function frameCounters(file: string, width: number, height: number): number[] {
  const raw = run('ffmpeg', [
    '-i',
    file,
    '-fps_mode',
    'passthrough',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    '-',
  ]);
  const size = width * height;
  const counters: number[] = [];
  for (let at = 0; at + size <= raw.length; at += size) {
    let n = 0;
    for (let bit = 0; bit < 16; bit++)
      n = (n << 1) | ((raw[at + 4 * width + bit * 8 + 4] as number) > 128 ? 1 : 0);
    counters.push(n);
  }
  return counters;
}
