import { jetstream } from '@nats-io/jetstream';
import { isolatedNatsTest, waitFor } from '@rtms/testkit';
import { afterEach, describe, expect } from 'vitest';
import { startInProcessRecorder } from './in-process-recorder.js';
import { publishAudioFrame } from './publish-frame.js';

// Two recorder replicas share recorded streams by load (docs/media-recorder.md, "Replicas"): a replica
// holding streams claims a free one only after RECORDING_CLAIM_SPREAD_MS per stream held, so a new replica
// with none wins the new streams; no stream has two writers.

const closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c().catch(() => undefined);
});

describe('media-recorder - replicas share the streams', () => {
  isolatedNatsTest(
    'replicas - a loaded replica holds back its claims: the idle one takes the new streams, none is written twice',
    async ({ nats }) => {
      const js = jetstream(nats.nc);
      const startReplica = async (name: string) => {
        const app = await startInProcessRecorder(
          nats,
          {
            RECORDING_CLAIM_INTERVAL_MS: '200',
            RECORDING_CLAIM_SPREAD_MS: '200',
            RECORDING_IDLE_TIMEOUT_MS: '60000',
          },
          { name },
        );
        closing.push(() => app.close());
        const { address } = app;
        return async () =>
          ((await (await fetch(`${address}/recordings/open`)).json()) as { open: string[] }).open.sort();
      };
      const streams = async (prefix: string, n: number) => {
        const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
        await Promise.all(
          ids.map((streamId) =>
            publishAudioFrame(js, { streamId, user: '1', timestamp: 1000, value: 5, meetingUuid: 'r==' }),
          ),
        );
        return ids.sort();
      };

      const first = await startReplica('recorder-a');
      const old = await streams('old', 6);
      await waitFor(async () => (await first()).length === 6, { what: 'the first replica writing all six' });

      const second = await startReplica('recorder-b');
      const fresh = await streams('new', 2);
      // The first replica waits 1 s (6 × 200 ms, the cap) before each claim, the second 0 and 200 ms: it wins.
      await waitFor(async () => (await second()).length === 2, { what: 'the second replica writing both' });
      expect(await second()).toEqual(fresh);
      expect(await first()).toEqual(old);
    },
  );
});
