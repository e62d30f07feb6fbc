import { afterAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import { runSession } from './helpers/rtms-client.js';
import { liveStream } from './helpers/sim.js';

// Same seed + fixed timestamp base → the same ids and the same bytes on the media socket, run to run.

const sims: ZoomSimulator[] = [];
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

async function record(seed: string, frames: number) {
  const sim = await startZoomSimulator({ seed, webhookUrl: null, fixedEpochMs: 1_767_225_600_000 });
  sims.push(sim);
  sim.startMeeting({ announce: false }); // ids depend on how many meetings came before: same calls, same ids
  const { meeting, payload } = await liveStream(sim, {
    media: { audio: true, video: true, deskshare: true, transcript: true, chat: true },
  });
  const session = await runSession(payload, sim.credentials, [
    { key: 'all', media_type: 32, media_params: { audio: { data_opt: 2 } } },
  ]);
  const all = session.media.get('all');
  const media = () => (all?.raw ?? []).filter((t) => /^\{"msg_type":1[4-8],/.test(t));
  await all?.next(() => media().length >= frames, `${frames} media frames`, 10_000);
  session.close();
  return { meeting, streamId: payload.rtms_stream_id, frames: media().slice(0, frames) };
}

describe('determinism - seeded runs', () => {
  it('determinism - two runs with one seed send identical bytes; another seed differs', async () => {
    const [a, b, c] = await Promise.all([
      record('same-seed', 80),
      record('same-seed', 80),
      record('other-seed', 10),
    ]);
    expect(b.meeting.uuid).toBe(a.meeting.uuid);
    expect(b.streamId).toBe(a.streamId);
    expect(b.frames).toEqual(a.frames);
    expect(new Set(a.frames.map((f) => f.slice(0, 14))).size).toBeGreaterThan(1); // several media types
    expect(c.meeting.uuid).not.toBe(a.meeting.uuid);
    expect(c.frames[0]).not.toBe(a.frames[0]);
  });
});
