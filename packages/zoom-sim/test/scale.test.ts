import { waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import { runSession, type Session } from './helpers/rtms-client.js';
import { startedPayload } from './helpers/sim.js';

// Many concurrent streams in one process (the 1000-stream figure is for bench/zoom-sim-load.mjs).

const STREAMS = 200;
let sim: ZoomSimulator;
const sessions: Session[] = [];

beforeAll(async () => {
  sim = await startZoomSimulator({ seed: 'scale', webhookUrl: null });
});
afterAll(async () => {
  for (const s of sessions) s.close();
  await sim.close();
});

describe('scale - concurrent streams', () => {
  it(`scale - ${STREAMS} streams with signaling + media sockets all get audio and transcripts`, async () => {
    const meetings = sim.startMeetings(STREAMS, { autoRtms: true, announce: false, msPerWord: 30 });
    const payloads = await Promise.all(meetings.map((m) => startedPayload(sim, m.streamIds[0] as string)));
    for (let i = 0; i < payloads.length; i += 50) {
      const batch = payloads
        .slice(i, i + 50)
        .map((p) =>
          runSession(p, sim.credentials, [
            { key: 'all', media_type: 9, media_params: { audio: { send_rate: 100 } } },
          ]),
        );
      sessions.push(...(await Promise.all(batch)));
    }
    const counts = () =>
      sessions.map((s) => {
        const frames = s.media.get('all')?.frames ?? [];
        return [
          frames.filter((m) => m.msg_type === 14).length,
          frames.filter((m) => m.msg_type === 17).length,
        ];
      });
    await waitFor(
      () => counts().every(([audio, transcript]) => (audio ?? 0) >= 5 && (transcript ?? 0) >= 1),
      {
        timeoutMs: 20_000,
        intervalMs: 100,
      },
    );
    const live = sim.streams().filter((s) => s.state === 'active');
    expect(live).toHaveLength(STREAMS);
    expect(live.every((s) => s.framesDropped === 0)).toBe(true);
  });
});
