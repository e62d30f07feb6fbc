// The baseline of bench/media-recorder.bench.mjs: a bare file writer doing the recorder's unavoidable work and
// nothing else. It reads the same recorded audio from RTMS_MEDIA (one ordered consumer on rtms.recording.>,
// new messages only) and appends each frame's bytes to one file per stream. No placement by timestamp, mixing,
// checkpoints, object store, acknowledgements, leases, metrics or logging. Child process (IPC), NATS_URL.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../../packages/logger/dist/index.js';
import { connectNats } from '../../packages/nats/dist/index.js';

const fromRecorder = createRequire(new URL('../../services/media-recorder/package.json', import.meta.url));
const { jetstream, DeliverPolicy } = await import(
  pathToFileURL(fromRecorder.resolve('@nats-io/jetstream')).href
);

const logger = createLogger({ service: 'recorder-bench-bare', level: 'warn' });
const nc = await connectNats({ servers: process.env.NATS_URL, name: 'recorder-bench-bare', logger });
const js = jetstream(nc);
const dir = mkdtempSync(path.join(tmpdir(), 'recorder-bare-'));
let files = new Map();
let messages;
let written = 0;
let cpuAtMark = process.cpuUsage();

async function start() {
  const consumer = await js.consumers.get('RTMS_MEDIA', {
    filter_subjects: 'rtms.recording.>',
    deliver_policy: DeliverPolicy.New,
  });
  messages = await consumer.consume({ max_messages: 1000 });
  void (async () => {
    for await (const m of messages) {
      const id = m.subject.slice(m.subject.lastIndexOf('.') + 1);
      let file = files.get(id);
      if (!file) {
        file = createWriteStream(path.join(dir, `${id}.pcm`));
        files.set(id, file);
      }
      if (m.subject.startsWith('rtms.recording.audio.')) {
        file.write(m.data);
        written += m.data.length;
      }
    }
  })();
}

async function stop() {
  await messages?.close();
  await Promise.all([...files.values()].map((f) => new Promise((resolve) => f.end(resolve))));
  files = new Map();
}

process.on('message', async (m) => {
  if (m.cmd === 'start') await start();
  if (m.cmd === 'stop') await stop();
  if (m.cmd === 'mark') cpuAtMark = process.cpuUsage();
  if (m.cmd === 'exit') {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    await nc.drain();
    process.exit(0);
  }
  const cpu = process.cpuUsage(cpuAtMark);
  process.send({ reply: m.cmd, cpuMs: (cpu.user + cpu.system) / 1000, written });
});
process.send({ reply: 'ready' });
