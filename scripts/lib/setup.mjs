import { ensureChromium } from './chromium.mjs';
import { ensureFfmpeg } from './ffmpeg.mjs';
import { info, step } from './log.mjs';
import { ensureNatsServer } from './nats-server.mjs';
import { ensureDependencies } from './pnpm.mjs';

/** Everything `npm start` and `npm test` need on a fresh machine with only Node.js and npm. */
export async function setup({
  needNatsServer = true,
  needChromium = false,
  needFfmpeg = needNatsServer,
} = {}) {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20) throw new Error(`Node.js 20 or newer is required (found ${process.versions.node})`);
  await ensureDependencies();
  if (needChromium) {
    step('Checking for chromium (browser tests)');
    info(`using ${await ensureChromium()}`);
  }
  if (needFfmpeg) {
    step('Checking for ffmpeg (recordings of video and screen share)');
    const ffmpeg = await ensureFfmpeg();
    if (ffmpeg) info(`using ${ffmpeg}`);
  }
  if (needNatsServer && !process.env.NATS_URL) {
    step('Checking for nats-server');
    const bin = await ensureNatsServer();
    info(`using ${bin}`);
    return { natsServerBin: bin };
  }
  return { natsServerBin: undefined };
}
