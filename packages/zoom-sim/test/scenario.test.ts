import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadScenarioFile,
  parseScenario,
  ScenarioError,
  startZoomSimulator,
  type ZoomSimulator,
} from '../src/index.js';
import { type Msg, runSession } from './helpers/rtms-client.js';
import { startedPayload } from './helpers/sim.js';

let sim: ZoomSimulator;

beforeAll(async () => {
  sim = await startZoomSimulator({ seed: 'scenario-tests', webhookUrl: null });
});
afterAll(async () => {
  await sim.close();
});

const yamlScenario = `
description: one meeting with timed faults
meetings:
  - topic: Scripted
    autoRtms: true
    msPerWord: 40
    speakers: [Ann, Ben]
    script:
      - { speaker: Ann, text: "hello there everyone" }
      - { speaker: Ben, text: "hi Ann" }
    steps:
      - { atMs: 600, do: participantJoin, name: Carol }
      - { atMs: 700, do: startSharing, speaker: 1 }
      - { atMs: 900, do: interruptMedia, kind: audio }
      - { atMs: 1300, do: stopRtms, stopReason: 5 }
  - count: 3
    staggerMs: 20
    product: webinar
    announce: false
`;

describe('scenario - files and steps', () => {
  it('scenario - a YAML file starts meetings and plays its steps', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zoom-sim-'));
    const file = path.join(dir, 'scenario.yaml');
    await writeFile(file, yamlScenario);
    const run = sim.runScenario(await loadScenarioFile(file));
    await run.started;
    expect(run.meetings).toHaveLength(4);
    expect(run.meetings.slice(1).every((m) => m.product === 'webinar')).toBe(true);
    const meeting = run.meetings[0];
    const streamId = meeting?.streamIds[0] as string;
    const payload = await startedPayload(sim, streamId);
    const session = await runSession(payload, sim.credentials, [{ key: 'audio', media_type: 1 }], {
      subscribe: [3, 5],
    });
    const isEvent = (t: number) => (m: Msg) => m.msg_type === 6 && m.event.event_type === t;
    await session.signaling.next(
      (m) => isEvent(3)(m) && m.event.participants[0]?.user_name === 'Carol',
      'Carol joins',
    );
    await session.signaling.next((m) => isEvent(5)(m) && m.event.user_name === 'Ben', 'Ben shares');
    await session.signaling.next(isEvent(7), 'media interrupted');
    await session.signaling.waitClosed();
    expect(sim.stream(streamId)).toMatchObject({ state: 'stopped', stopReason: 5 });
  });

  it('scenario - JSON files and validation errors that name the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zoom-sim-'));
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ meetings: [{ count: 0, steps: [{ atMs: 1, do: 'explode' }] }] }));
    const err = await loadScenarioFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect(String((err as Error).message)).toContain('meetings.0.count');
    expect(String((err as Error).message)).toContain('meetings.0.steps.0.do');
    expect(parseScenario({ meetings: [{}] }).meetings[0]).toMatchObject({ count: 1, steps: [] });
  });

  it('scenario - over the control API', async () => {
    const res = await fetch(`${sim.url}/sim/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ meetings: [{ count: 2, autoRtms: true }] }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ meetingsStarted: 2 });
    const bad = await fetch(`${sim.url}/sim/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ meetings: [] }),
    });
    expect(bad.status).toBe(400);
    await waitFor(() => sim.streams().length >= 3);
  });
});
