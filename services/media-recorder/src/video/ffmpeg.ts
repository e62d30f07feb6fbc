import { spawn, spawnSync } from 'node:child_process';

// Debian's ffmpeg (`apt-get install -y ffmpeg`; scripts/setup.mjs installs it as root, the recorder's image
// has it) encodes the recorded images to H.264 in an MP4. Run as a child process with arguments, never a
// shell; its errors are kept short for the log.

/** The binary when `<bin> -version` runs, else undefined (MP4s are then left out, with a warning). */
export function findFfmpeg(bin: string): string | undefined {
  const r = spawnSync(bin, ['-hide_banner', '-version'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0 ? bin : undefined;
}

/** Runs ffmpeg; rejects with the last lines it wrote to stderr when it exits non-zero or times out. */
export function runFfmpeg(bin: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: timeoutMs,
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString('utf8')).slice(-2000);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new Error(`ffmpeg exited ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
