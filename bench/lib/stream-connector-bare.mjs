// The baseline for bench/stream-connector.bench.mjs: a bare pass-through RTMS consumer doing the connector's
// hot path and nothing else. Per stream: the signaling handshake, one media handshake (audio + transcript on
// the `all` URL, like the connector with RTMS_MEDIA_SOCKETS=single), CLIENT_READY_ACK, keep-alives on both
// sockets; per frame: JSON.parse, base64 decode, a core NATS publish of the audio bytes with the same five
// headers, an awaited JetStream publish of each transcript segment (one at a time per stream). No leases,
// registry, recovery, metrics or logging. Runs as a child process (IPC) with NATS_URL.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../../packages/logger/dist/index.js';
import { connectNats } from '../../packages/nats/dist/index.js';
import {
  clientReadyAck,
  DEFAULT_MEDIA_PARAMS,
  keepAliveResponse,
  mediaHandshake,
  rtmsSignature,
  signalingHandshake,
} from '../../packages/zoom-protocol/dist/index.js';

// The bench folder has no node_modules of its own: take ws and the NATS client from the connector's.
const fromConnector = createRequire(new URL('../../services/stream-connector/package.json', import.meta.url));
const WebSocket = fromConnector('ws');
const load = (name) => import(pathToFileURL(fromConnector.resolve(name)).href);
const { jetstream } = await load('@nats-io/jetstream');
const { headers: natsHeaders } = await load('@nats-io/transport-node');

const logger = createLogger({ service: 'bare-rtms-consumer', level: 'warn' });
const nc = await connectNats({ servers: process.env.NATS_URL, name: 'bare-rtms-consumer', logger });
const js = jetstream(nc);
const encoder = new TextEncoder();
const sockets = new Set();
let cpuAtMark = process.cpuUsage();

function open(url, onFrame) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  sockets.add(ws);
  ws.on('message', (data) => onFrame(JSON.parse(data.toString()), ws));
  ws.on('error', () => undefined);
  ws.on('close', () => sockets.delete(ws));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function connectStream(body, credentials) {
  const p = JSON.parse(body).payload;
  const streamId = p.rtms_stream_id;
  const signature = rtmsSignature({ ...credentials, instanceId: p.meeting_uuid, streamId });
  const ids = { instanceId: p.meeting_uuid, streamId, signature };
  let answer;
  const answered = new Promise((resolve) => {
    answer = resolve;
  });
  const keepAlive = (f, ws) => f.msg_type === 12 && ws.send(JSON.stringify(keepAliveResponse(f.timestamp)));
  const signaling = await open(p.server_urls, (f, ws) => {
    if (!keepAlive(f, ws) && f.msg_type === 2) answer(f);
  });
  signaling.send(JSON.stringify(signalingHandshake(ids, false)));
  const urls = (await answered).media_server.server_urls;

  const audioSubject = `rtms.audio.${streamId}`;
  const transcriptSubject = `rtms.transcript.${streamId}`;
  let transcripts = Promise.resolve();
  let ready;
  const handshaken = new Promise((resolve) => {
    ready = resolve;
  });
  await open(urls.all, (f, ws) => {
    if (keepAlive(f, ws)) return;
    if (f.msg_type === 14) {
      const c = f.content;
      const h = natsHeaders();
      h.set('Rtms-User-Id', String(c.user_id));
      h.set('Rtms-Timestamp', String(c.timestamp));
      h.set('Rtms-Format', 'audio/L16;rate=16000;channels=1');
      h.set('Rtms-Meeting-Uuid', p.meeting_uuid);
      if (c.user_name) h.set('Rtms-User-Name', c.user_name);
      nc.publish(audioSubject, Buffer.from(c.data, 'base64'), { headers: h });
    } else if (f.msg_type === 17) {
      const c = f.content;
      const segmentId = `${streamId}:${c.user_id}:${c.timestamp}:${c.attribute === 2 ? 'update' : 'new'}`;
      const data = encoder.encode(JSON.stringify({ v: 1, segmentId, streamId, text: c.data, ...c }));
      transcripts = transcripts.then(() =>
        js.publish(transcriptSubject, data, { msgID: segmentId }).then(
          () => undefined,
          () => undefined,
        ),
      );
    } else if (f.msg_type === 4) {
      ready();
    }
  }).then((media) => {
    const params = { audio: DEFAULT_MEDIA_PARAMS.audio, transcript: DEFAULT_MEDIA_PARAMS.transcript };
    media.send(JSON.stringify(mediaHandshake(ids, 9, params)));
  });
  await handshaken;
  signaling.send(JSON.stringify(clientReadyAck(streamId)));
}

async function connectAll(bodies, credentials) {
  const queue = [...bodies];
  const worker = async () => {
    for (let b = queue.shift(); b; b = queue.shift()) await connectStream(b, credentials);
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

process.on('message', async (msg) => {
  if (msg.cmd === 'connect') {
    await connectAll(msg.bodies, msg.credentials);
    process.send({ reply: 'connect' });
  } else if (msg.cmd === 'mark') {
    cpuAtMark = process.cpuUsage();
    process.send({ reply: 'mark' });
  } else if (msg.cmd === 'stats') {
    const cpu = process.cpuUsage(cpuAtMark);
    process.send({ reply: 'stats', cpuMs: (cpu.user + cpu.system) / 1000, rss: process.memoryUsage().rss });
  } else if (msg.cmd === 'disconnect') {
    for (const ws of sockets) ws.terminate();
    process.send({ reply: 'disconnect' });
  } else if (msg.cmd === 'exit') {
    await nc.drain();
    process.exit(0);
  }
});
process.send({ reply: 'ready', rss: process.memoryUsage().rss });
