// The media recorder benchmark's load: N recorded streams as the connector writes them into RTMS_MEDIA with
// recording on (bench/media-recorder.bench.mjs). Per stream a start mark, then every 20 ms one audio frame
// (L16 16 kHz mono, 640 bytes) as a core publish on rtms.recording.audio.<id> with the connector's five
// headers and a Nats-Msg-Id; `stop` publishes each stream's end mark. A tone per stream, so the recorder mixes
// real samples. Runs as a child process (IPC) with NATS_URL, so its CPU is not the measured processes'.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../../packages/logger/dist/index.js';
import { connectNats } from '../../packages/nats/dist/index.js';

const fromRecorder = createRequire(new URL('../../services/media-recorder/package.json', import.meta.url));
const load = (name) => import(pathToFileURL(fromRecorder.resolve(name)).href);
const { jetstream } = await load('@nats-io/jetstream');
const { headers: natsHeaders } = await load('@nats-io/transport-node');

const logger = createLogger({ service: 'recorder-bench-load', level: 'warn' });
const nc = await connectNats({ servers: process.env.NATS_URL, name: 'recorder-bench-load', logger });
const js = jetstream(nc);
const FRAME_MS = 20;
const SAMPLES = 320;

let streams = [];
let timer;
let frames = 0;
let t0 = 0;
let sent = 0;

function frameOf(hz) {
  const b = Buffer.alloc(SAMPLES * 2);
  for (let i = 0; i < SAMPLES; i++)
    b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 16_000)), i * 2);
  return b;
}

const mark = (id, kind, timestamp) =>
  js.publish(
    `rtms.recording.mark.${id}`,
    JSON.stringify({ v: 1, streamId: id, meetingUuid: `${id}==`, kind, timestamp, at: Date.now() }),
    { msgID: `${id}:mark:${kind}` },
  );

async function start(count, prefix) {
  t0 = Date.now();
  frames = 0;
  streams = Array.from({ length: count }, (_, i) => {
    const id = `${prefix}${String(i).padStart(4, '0')}`;
    const h = natsHeaders();
    h.set('Rtms-User-Id', '0');
    h.set('Rtms-Format', 'audio/L16;rate=16000;channels=1');
    h.set('Rtms-Meeting-Uuid', `${id}==`);
    h.set('Rtms-Timestamp', '0');
    return { id, headers: h, data: frameOf(300 + (i % 30) * 50) };
  });
  for (const s of streams) await mark(s.id, 'start', t0);
  // Frames due since t0, sent on a 20 ms timer (catching up after a late tick, as Zoom's media time does).
  timer = setInterval(() => {
    const due = Math.floor((Date.now() - t0) / FRAME_MS);
    for (; frames < due; frames++) {
      const ts = t0 + frames * FRAME_MS;
      for (const s of streams) {
        s.headers.set('Rtms-Timestamp', String(ts));
        s.headers.set('Nats-Msg-Id', `${s.id}:audio:0:${ts}`);
        nc.publish(`rtms.recording.audio.${s.id}`, s.data, { headers: s.headers });
        sent += 1;
      }
    }
  }, FRAME_MS);
}

async function stop() {
  clearInterval(timer);
  await nc.flush();
  const end = t0 + frames * FRAME_MS;
  for (const s of streams) await mark(s.id, 'end', end);
  streams = [];
}

process.on('message', async (m) => {
  if (m.cmd === 'start') await start(m.count, m.prefix);
  if (m.cmd === 'stop') await stop();
  if (m.cmd === 'exit') {
    clearInterval(timer);
    await nc.drain();
    process.exit(0);
  }
  process.send({ reply: m.cmd, sent });
});
process.send({ reply: 'ready' });
