import { aptInstall, canAptInstall } from './apt.mjs';
import { warn } from './log.mjs';
import { capture } from './run.mjs';

// Debian's ffmpeg: the media recorder encodes recorded video and screen share to MP4 with it, and its tests
// probe the MP4s with ffprobe. Without it the recorder still writes audio (and says so), and the MP4 checks
// are skipped with the reason; as root it is installed like nats-server and Chromium.

const INSTALL_HINT =
  'Install it to record video and screen share as MP4 (and to run those tests):\n' +
  '  Debian/Ubuntu:  sudo apt-get install -y ffmpeg\n' +
  '  macOS:          brew install ffmpeg\n' +
  'or point the recorder at a binary with RECORDING_FFMPEG.';

const findFfmpeg = () => {
  const ffmpeg = capture('sh', ['-c', 'command -v ffmpeg']);
  return ffmpeg && capture('sh', ['-c', 'command -v ffprobe']) ? ffmpeg : undefined;
};

/** ffmpeg and ffprobe on PATH (installed as root when missing); a warning, not a failure, without them. */
export async function ensureFfmpeg() {
  const found = findFfmpeg();
  if (found) return found;
  if (canAptInstall()) {
    const installed = await aptInstall('ffmpeg', findFfmpeg);
    if (installed) return installed;
    warn(`apt-get install ffmpeg failed: recordings will have audio only.\n${INSTALL_HINT}`);
    return undefined;
  }
  warn(
    `ffmpeg was not found and cannot be installed here (not root): recordings will have audio only.\n${INSTALL_HINT}`,
  );
  return undefined;
}
