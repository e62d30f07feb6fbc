import { waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import { frameCounterOf } from '../src/media/images.js';
import { runSession } from './helpers/rtms-client.js';
import { liveStream } from './helpers/sim.js';

let sim: ZoomSimulator;

beforeAll(async () => {
  sim = await startZoomSimulator({ seed: 'audio-signal', webhookUrl: null });
});
afterAll(async () => {
  await sim.close();
});

/** Zero crossings per second of a frame of L16 mono samples: twice the frequency of a pure tone. */
function toneOf(b64: string): number {
  const buf = Buffer.from(b64, 'base64');
  const n = buf.length / 2;
  let crossings = 0;
  for (let i = 1; i < n; i++) {
    if (buf.readInt16LE(i * 2 - 2) < 0 !== buf.readInt16LE(i * 2) < 0) crossings++;
  }
  return (crossings / 2) * (16_000 / n);
}

describe('audio - a known signal', () => {
  it("audio - each speaker's tone, nothing while no one speaks (silentAudio none)", async () => {
    const { payload } = await liveStream(sim, {
      media: { audio: true },
      speakers: [
        { name: 'Ann', toneHz: 300 },
        { name: 'Ben', toneHz: 500 },
      ],
      script: [
        { speaker: 0, text: 'one two three' },
        { speaker: 1, text: 'four five six' },
      ],
      msPerWord: 100,
      silentAudio: 'none',
    });
    const session = await runSession(payload, sim.credentials, [{ key: 'audio', media_type: 1 }]);
    try {
      const audio = session.media.get('audio');
      // Lead-in 200 ms, Ann 200-1200, gap 600, Ben 1800-2800, gap: the second pass starts at 3400.
      const frames = () => (audio?.frames ?? []).filter((m) => m.msg_type === 14);
      await waitFor(() => frames().length >= 100, { what: '100 audio frames' });
      // The first frame is Ann's first, at media offset 200 (the lead-in).
      const t0 = frames()[0]?.content.timestamp - 200;
      const seen = frames()
        .slice(0, 100)
        .map((m) => ({ local: (m.content.timestamp - t0) % 3400, hz: toneOf(m.content.data) }));
      for (const f of seen) {
        const ann = f.local >= 200 && f.local < 1200;
        const ben = f.local >= 1800 && f.local < 2800;
        expect(ann || ben, `a frame at ${f.local} ms, between sentences`).toBe(true);
        expect(Math.abs(f.hz - (ann ? 300 : 500)), `${f.local} ms: ${f.hz} Hz`).toBeLessThan(40);
      }
      expect(seen.filter((f) => f.local < 1200).length).toBeGreaterThanOrEqual(50);
      expect(seen.filter((f) => f.local >= 1800).length).toBeGreaterThanOrEqual(40);
    } finally {
      session.close();
    }
  });
});

describe('video - frames that can be checked', () => {
  it('video - each frame carries its number in media time: consecutive at the frame rate', async () => {
    const { payload } = await liveStream(sim, { media: { video: true } });
    const session = await runSession(payload, sim.credentials, [{ key: 'video', media_type: 2 }]);
    try {
      const video = session.media.get('video');
      const frames = () => (video?.frames ?? []).filter((m) => m.msg_type === 15);
      await waitFor(() => frames().length >= 6, { what: '6 video frames' });
      const seen = frames()
        .slice(0, 6)
        .map((m) => ({ n: frameCounterOf(Buffer.from(m.content.data, 'base64')), ts: m.content.timestamp }));
      const first = seen[0] as { n: number; ts: number };
      // 5 fps by default: frame n is at media offset n × 200 ms.
      expect(seen.map((f) => (f.n as number) - first.n)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(seen.map((f) => f.ts - first.ts)).toEqual([0, 200, 400, 600, 800, 1000]);
    } finally {
      session.close();
    }
  });
});
