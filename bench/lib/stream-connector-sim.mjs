// Child process of bench/stream-connector.bench.mjs: the BUILT simulator alone in its process (its CPU is not
// the consumers'), driven over IPC. Audio frames leave with `timestamp` replaced by the send time in epoch
// ms with microseconds (performance.timeOrigin + now()), so a subscriber in another process on this machine
// can measure Zoom-frame → subscriber latency below a millisecond. Consumers forward it untouched.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { startZoomSimulator } from '../../packages/zoom-sim/dist/index.js';

const WebSocket = createRequire(new URL('../../packages/zoom-sim/package.json', import.meta.url))('ws');
const send = WebSocket.prototype.send;
const AUDIO = '{"msg_type":14';
WebSocket.prototype.send = function stampedSend(data, ...rest) {
  if (typeof data === 'string' && data.startsWith(AUDIO)) {
    const at = data.lastIndexOf('"timestamp":');
    if (at > 0)
      data = `${data.slice(0, at)}"timestamp":${(performance.timeOrigin + performance.now()).toFixed(3)}}}`;
  }
  return send.call(this, data, ...rest);
};

// Independent stream phases, as a real load has (Zoom does not send every meeting's audio in one millisecond):
// a 2 ms media tick and phases spread over the 20 ms frame period. BENCH_SIM_TICK_MS=20 BENCH_SIM_SPREAD_MS=0
// restores the burst of every stream's frame at once.
const sim = await startZoomSimulator({
  seed: 'stream-connector-bench',
  webhookUrl: null,
  mediaTickMs: Number(process.env.BENCH_SIM_TICK_MS ?? 2),
  mediaPhaseSpreadMs: Number(process.env.BENCH_SIM_SPREAD_MS ?? 20),
});
let cpuAtMark = process.cpuUsage();
const MEETING = {
  autoRtms: true,
  announce: false,
  media: { audio: true, video: false, transcript: true, chat: false },
};

process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    const meetings = sim.startMeetings(msg.count, MEETING);
    const ids = new Set(meetings.map((m) => m.streamIds[0]));
    const started = sim.webhooks.filter(
      (w) => w.event === 'meeting.rtms_started' && ids.has(w.envelope.payload.rtms_stream_id),
    );
    process.send({ reply: 'start', bodies: started.map((w) => w.body), credentials: sim.credentials });
  } else if (msg.cmd === 'mark') {
    cpuAtMark = process.cpuUsage();
    process.send({ reply: 'mark', frames: framesSent() });
  } else if (msg.cmd === 'stats') {
    const cpu = process.cpuUsage(cpuAtMark);
    process.send({ reply: 'stats', cpuMs: (cpu.user + cpu.system) / 1000, frames: framesSent() });
  } else if (msg.cmd === 'stop') {
    for (const s of sim.streams()) if (s.state !== 'stopped') sim.stopRtms(s.id, 1);
    process.send({ reply: 'stop' });
  } else if (msg.cmd === 'exit') {
    await sim.close();
    process.exit(0);
  }
});

function framesSent() {
  const live = sim.streams().filter((s) => s.state === 'active');
  return {
    audio: live.reduce((n, s) => n + s.framesSent.audio, 0),
    transcript: live.reduce((n, s) => n + s.framesSent.transcript, 0),
    dropped: live.reduce((n, s) => n + s.framesDropped, 0),
  };
}

process.send({ reply: 'ready', url: sim.url });
