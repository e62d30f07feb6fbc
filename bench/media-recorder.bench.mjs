// media-recorder: N recorded audio streams (20 ms L16 frames in RTMS_MEDIA, as the connector writes them with
// recording on), N = 50 and 200. For the BUILT recorder (`node services/media-recorder/dist/main.js`, one
// replica, the object store only) and, in the same run on the same load, a bare file writer
// (bench/lib/recorder-bare.mjs: one consumer appending each frame's bytes to a file per stream): CPU in
// core-milliseconds per recorded stream-second, and nats-server's CPU in each window (the recorder's object
// store writes and acknowledgements land there). Prints the ratio recorder/bare. Own nats-server (or NATS_URL),
// the load in its own process, 127.0.0.1 only, bounded in streams and time; asserts nothing.
// Environment: BENCH_SECONDS (measured window, default 5), BENCH_RECORDER_STREAMS (default 50,200),
// BENCH_RECORDER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the recorder).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startNatsServer } from '../packages/testkit/dist/nats-server-process.js';
import { freePort } from '../packages/testkit/dist/ports.js';
import { child, until as untilWithin } from './lib/child.mjs';
import { spawnService } from './lib/connector-process.mjs';
import { cpuMs } from './lib/http-server-process.mjs';
import { saveResults } from './lib/results.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const COUNTS = (process.env.BENCH_RECORDER_STREAMS ?? '50,200').split(',').map(Number);
const WARMUP_MS = 3000;
const until = (check, what) => untilWithin(check, what, 120_000);
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

async function scrape(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (re) => Number(re.exec(text)?.[1] ?? Number.NaN);
  return {
    cpuMs: value(/^process_cpu_seconds_total(?:\{[^}]*\})? (\S+)$/m) * 1000,
    open: value(/^media_recorder_open_recordings(?:\{[^}]*\})? (\S+)$/m),
    placed: value(/^media_recorder_frames_total\{[^}]*outcome="placed"[^}]*\} (\S+)$/m) || 0,
    finalised: value(/^media_recorder_recordings_finalised_total\{[^}]*by="stopped"[^}]*\} (\S+)$/m) || 0,
  };
}

/** Measures `cpuMs()` (a process's CPU so far) and nats-server's over the window, after a warm-up. */
async function window(cpuOf, natsPid, n, frames = async () => 0) {
  await sleep(WARMUP_MS);
  const f0 = await frames();
  const c0 = await cpuOf();
  const s0 = cpuMs(natsPid);
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = (await cpuOf()) - c0;
  const placed = (await frames()) - f0;
  return {
    placed,
    coreMsPerStreamSecond: cpu / (n * seconds),
    coreMsPerSecond: cpu / seconds,
    natsCoreMsPerSecond: (cpuMs(natsPid) - s0) / seconds,
    seconds,
  };
}

async function main() {
  const nats = process.env.NATS_URL ? undefined : await startNatsServer();
  const natsUrl = process.env.NATS_URL ?? nats.url;
  const natsPid = nats?.pid;
  const port = await freePort();
  // Logs as shipped would be info; warn keeps a claim line per stream out of the measured process.
  const nodeArgs = (process.env.BENCH_RECORDER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const recorder = spawnService('media-recorder', {
    natsUrl,
    port,
    nodeArgs,
    env: {
      LOG_LEVEL: process.env.BENCH_RECORDER_LOG_LEVEL ?? 'warn',
      RECORDING_CLAIM_INTERVAL_MS: '500',
    },
    stdout: process.env.BENCH_RECORDER_LOG_LEVEL ? 'inherit' : 'ignore',
  });

  const load = child('bench/lib/recorder-load.mjs', { NATS_URL: natsUrl });
  const bare = child('bench/lib/recorder-bare.mjs', { NATS_URL: natsUrl });
  try {
    await until(
      () =>
        fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      'recorder ready',
    );
    await Promise.all([load.ready, bare.ready]);
    console.log(
      `nats ${natsUrl}; per stream L16 16 kHz mono audio every 20 ms in RTMS_MEDIA; ${SECONDS}s measured after ${WARMUP_MS / 1000}s warm-up\n`,
    );
    console.log('streams | writer   | core-ms/stream-s | core-ms/s | nats-server core-ms/s');
    const rows = [];
    for (const n of COUNTS) {
      // The recorder: claims the streams (a lease and a durable each), checkpoints every 2 s into the bucket.
      const before = await scrape(port);
      await load.call('start', { count: n, prefix: `rec${n}x` });
      await until(async () => (await scrape(port)).open >= n, `recorder writing ${n} streams`);
      const r = await window(
        async () => (await scrape(port)).cpuMs,
        natsPid,
        n,
        async () => (await scrape(port)).placed,
      );
      await load.call('stop');
      await until(
        async () => (await scrape(port)).finalised - before.finalised >= n,
        `recorder finalising ${n} recordings`,
      );
      // The bare writer on the same load.
      await bare.call('start');
      await load.call('start', { count: n, prefix: `bare${n}x` });
      const b = await window(async () => (await bare.call('stats')).cpuMs, natsPid, n);
      await load.call('stop');
      await bare.call('stop');
      rows.push({ n, r, b });
      for (const [name, x] of [
        ['recorder', r],
        ['bare', b],
      ])
        console.log(
          `${String(n).padStart(7)} | ${name.padEnd(8)} | ${fmt(x.coreMsPerStreamSecond, 3).padStart(16)} | ${fmt(x.coreMsPerSecond, 0).padStart(9)} | ${fmt(x.natsCoreMsPerSecond, 0).padStart(21)}`,
        );
      console.log(
        `${''.padStart(7)} | ratio recorder/bare CPU: ${fmt(r.coreMsPerStreamSecond / b.coreMsPerStreamSecond)}; ` +
          `recorder placed ${r.placed} frames in the window (${fmt((r.placed / (n * 50 * r.seconds)) * 100, 0)} % of its stream-seconds' frames)`,
      );
    }
    saveResults('media-recorder', {
      figures: [
        ...rows.map((x) => ({
          label: `recorder CPU per recorded stream-second at ${x.n} streams`,
          value: x.r.coreMsPerStreamSecond,
          unit: 'core-ms',
        })),
        ...rows.map((x) => ({
          label: `bare file writer CPU per stream-second at ${x.n} streams`,
          value: x.b.coreMsPerStreamSecond,
          unit: 'core-ms',
        })),
        ...rows.map((x) => ({
          label: `CPU recorder/bare at ${x.n} streams`,
          value: x.r.coreMsPerStreamSecond / x.b.coreMsPerStreamSecond,
          unit: '×',
        })),
        ...rows.map((x) => ({
          label: `nats-server CPU with the recorder / with the bare writer at ${x.n} streams`,
          value: x.r.natsCoreMsPerSecond / x.b.natsCoreMsPerSecond,
          unit: '×',
        })),
      ],
      charts: [
        {
          id: 'cpu',
          title: 'media-recorder: CPU per recorded stream-second by streams',
          xLabel: 'recorded audio streams (20 ms L16 frames)',
          yLabel: 'core-ms per stream-second',
          series: [
            { name: 'recorder', points: rows.map((x) => [x.n, x.r.coreMsPerStreamSecond]) },
            { name: 'bare file writer', points: rows.map((x) => [x.n, x.b.coreMsPerStreamSecond]) },
          ],
        },
      ],
    });
  } finally {
    await Promise.all([load.exit(), bare.exit()]);
    if (recorder.exitCode === null) {
      recorder.kill('SIGTERM');
      await new Promise((resolve) => recorder.once('exit', resolve));
    }
    await nats?.dispose();
  }
}

await main();
