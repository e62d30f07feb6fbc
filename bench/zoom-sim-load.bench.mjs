// zoom-sim: can one simulator process serve 1,000 concurrent RTMS streams (the load generator for the other
// benchmarks)? Runs the BUILT simulator in a child process, connects N streams from this process (signaling +
// one media socket with audio every 20 ms and transcripts, keep-alives answered), and measures the
// simulator's CPU per 1,000 frames at N = 1,000 against a baseline of N = 100 in the same run. Prints the
// ratio (≈1 means per-frame cost does not grow with the number of streams). 127.0.0.1 only; stops by itself.
// Environment: BENCH_SECONDS (measured window per run, default 5), BENCH_STREAMS (default 1000).

import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveResults } from './lib/results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// ws is the simulator's dependency; resolve it from there (the repo root has no ws of its own).
const WebSocket = createRequire(path.join(here, '..', 'packages', 'zoom-sim', 'package.json'))('ws');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);
const BASELINE = Math.max(1, Math.round(STREAMS / 10));

function startChild() {
  const child = fork(path.join(here, 'lib', 'zoom-sim-child.mjs'), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters = new Map();
  child.on('message', (m) => {
    waiters.get(m.reply)?.(m);
    waiters.delete(m.reply);
  });
  const call = (cmd, extra = {}) =>
    new Promise((resolve) => {
      waiters.set(cmd, resolve);
      child.send({ cmd, ...extra });
    });
  const ready = new Promise((resolve) => waiters.set('ready', resolve));
  return { child, call, ready };
}

function open(url, counters) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('message', (data) => {
    const text = data.toString();
    // Only keep-alives are parsed; media frames are counted by prefix, like a cheap consumer would.
    if (text.startsWith('{"msg_type":12'))
      ws.send(`{"msg_type":13,"timestamp":${JSON.parse(text).timestamp}}`);
    else if (text.startsWith('{"msg_type":1')) counters.frames++;
  });
  ws.on('error', () => {});
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const nextMessage = (ws, pred) =>
  new Promise((resolve) => {
    const on = (data) => {
      const m = JSON.parse(data.toString());
      if (pred(m)) {
        ws.off('message', on);
        resolve(m);
      }
    };
    ws.on('message', on);
  });

async function connectStream(p, creds, counters) {
  const signature = createHmac('sha256', creds.clientSecret)
    .update(`${creds.clientId},${p.meeting_uuid},${p.rtms_stream_id}`)
    .digest('hex');
  const ids = { meeting_uuid: p.meeting_uuid, rtms_stream_id: p.rtms_stream_id, signature };
  const signaling = await open(p.server_urls, { frames: 0 });
  const hs = nextMessage(signaling, (m) => m.msg_type === 2);
  signaling.send(
    JSON.stringify({ msg_type: 1, protocol_version: 1, sequence: 1, ...ids, buffer_data: false }),
  );
  const resp = await hs;
  const media = await open(resp.media_server.server_urls.all, counters);
  const mhs = nextMessage(media, (m) => m.msg_type === 4);
  media.send(JSON.stringify({ msg_type: 3, protocol_version: 1, sequence: 0, ...ids, media_type: 9 }));
  await mhs;
  signaling.send(JSON.stringify({ msg_type: 7, rtms_stream_id: p.rtms_stream_id }));
  return [signaling, media];
}

async function run(n) {
  const { child, call, ready } = startChild();
  await ready;
  const { payloads, credentials } = await call('start', { count: n });
  const counters = { frames: 0 };
  const sockets = [];
  for (let i = 0; i < payloads.length; i += 100) {
    const batch = await Promise.all(
      payloads.slice(i, i + 100).map((p) => connectStream(p, credentials, counters)),
    );
    sockets.push(...batch.flat());
  }
  await new Promise((r) => setTimeout(r, 1000)); // warm-up
  await call('mark');
  const framesBefore = counters.frames;
  const started = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const stats = await call('stats');
  const elapsed = (Date.now() - started) / 1000;
  const frames = counters.frames - framesBefore;
  await call('stop');
  for (const ws of sockets) ws.terminate();
  const exited = new Promise((r) => child.once('exit', r));
  child.send({ cmd: 'exit' });
  await exited;
  return {
    n,
    active: stats.active,
    framesPerSec: frames / elapsed,
    expectedPerSec: n * 50,
    cpuPct: (stats.cpuMs / 1000 / elapsed) * 100,
    cpuMsPer1k: (stats.cpuMs / Math.max(1, frames)) * 1000,
    rssMb: stats.rssMb,
    dropped: stats.dropped,
  };
}

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const row = (r) =>
  `${String(r.n).padStart(6)} streams  ${fmt(r.framesPerSec, 0).padStart(7)} frames/s (audio target ${r.expectedPerSec})  ` +
  `sim CPU ${fmt(r.cpuPct).padStart(5)} %  ${fmt(r.cpuMsPer1k, 2).padStart(6)} ms/1k frames  rss ${fmt(r.rssMb, 0)} MB  dropped ${r.dropped}`;

const base = await run(BASELINE);
process.stdout.write(`baseline ${row(base)}\n`);
const load = await run(STREAMS);
process.stdout.write(`load     ${row(load)}\n`);
saveResults('zoom-sim-load', {
  figures: [
    {
      label: `simulator CPU per frame at ${STREAMS} streams / at ${BASELINE}`,
      value: load.cpuMsPer1k / base.cpuMsPer1k,
      unit: '×',
    },
    {
      label: `simulator delivery at ${STREAMS} streams`,
      value: (load.framesPerSec / load.expectedPerSec) * 100,
      unit: '% of the audio rate',
    },
  ],
});
process.stdout.write(
  `ratio: CPU per frame at ${STREAMS} streams = ${fmt(load.cpuMsPer1k / base.cpuMsPer1k, 2)} × the ${BASELINE}-stream baseline; ` +
    `${load.active}/${STREAMS} streams active, delivery ${fmt((load.framesPerSec / load.expectedPerSec) * 100)} % of the audio rate\n`,
);
