// Child process of bench/zoom-sim-load.bench.mjs: runs the BUILT simulator alone in its process, so its CPU
// time is measured apart from the clients. Commands arrive over IPC.
import { startZoomSimulator } from '../../packages/zoom-sim/dist/index.js';

const sim = await startZoomSimulator({ seed: 'bench', webhookUrl: null });
let cpuAtMark = process.cpuUsage();

process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    const meetings = sim.startMeetings(msg.count, { autoRtms: true, announce: false });
    const ids = new Set(meetings.map((m) => m.streamIds[0]));
    const payloads = sim.webhooks
      .filter((w) => w.event === 'meeting.rtms_started' && ids.has(w.envelope.payload.rtms_stream_id))
      .map((w) => w.envelope.payload);
    process.send({ reply: 'start', payloads, credentials: sim.credentials });
  } else if (msg.cmd === 'mark') {
    cpuAtMark = process.cpuUsage();
    process.send({ reply: 'mark' });
  } else if (msg.cmd === 'stats') {
    const cpu = process.cpuUsage(cpuAtMark);
    const streams = sim.streams().filter((s) => s.state === 'active');
    const sent = streams.reduce((n, s) => n + Object.values(s.framesSent).reduce((a, b) => a + b, 0), 0);
    const dropped = streams.reduce((n, s) => n + s.framesDropped, 0);
    process.send({
      reply: 'stats',
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: process.memoryUsage().rss / 2 ** 20,
      active: streams.length,
      sent,
      dropped,
    });
  } else if (msg.cmd === 'stop') {
    for (const s of sim.streams()) if (s.state !== 'stopped') sim.stopRtms(s.id, 1);
    process.send({ reply: 'stop' });
  } else if (msg.cmd === 'exit') {
    await sim.close();
    process.exit(0);
  }
});
process.send({ reply: 'ready', url: sim.url });
