// How long each frame of a video or share track shows: until the next frame's Zoom timestamp (pauses stay
// pauses), the last one for the usual gap (the median), or 200 ms when there is one frame only (5 fps, the
// simulator's and Zoom's default video rate). Shared by the encoded (mp4-file.ts) and remuxed (h264-mp4.ts)
// MP4s.

const DEFAULT_GAP_MS = 200;

/** The usual gap between frames: the median of `gaps`, or 200 ms without any. */
export const usualGap = (gaps: number[]): number =>
  gaps.length ? ([...gaps].sort((a, b) => a - b)[gaps.length >> 1] as number) : DEFAULT_GAP_MS;

export function frameDurations(stamps: number[]): { durations: number[]; usual: number } {
  const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] as number));
  const usual = usualGap(gaps);
  return { durations: stamps.map((_, i) => gaps[i] ?? usual), usual };
}
