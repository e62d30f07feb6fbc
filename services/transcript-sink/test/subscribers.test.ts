import { fileURLToPath } from 'node:url';
import { natsTest, startProcess, waitFor } from '@rtms/testkit';
import { describe, expect } from 'vitest';
import { publishSegments, segment, startSink, untilLines } from './helpers.js';

// A new subscriber is a new durable consumer on rtms.transcript.>: no service changes, no configuration of
// anything running. The example in examples/ is what a user copies, so it is what runs here.

const example = fileURLToPath(new URL('../../../examples/print-transcripts.mjs', import.meta.url));

async function startPrinter(natsUrl: string, consumer: string) {
  const proc = startProcess({
    name: `printer-${consumer}`,
    command: process.execPath,
    args: [example],
    env: { NATS_URL: natsUrl, CONSUMER: consumer },
  });
  await proc.waitForLine(/listening on rtms\.transcript\.>/);
  const printed = () => proc.lines.filter((l) => l.includes('] '));
  return { proc, printed };
}

describe('new subscribers', () => {
  natsTest(
    'subscribers - a second subscriber needs no change anywhere and both get every segment',
    async ({ nats }) => {
      const sink = await startSink(await nats.connect('sink'));
      const printer = await startPrinter(nats.url, 'print-transcripts');
      const other = await startPrinter(nats.url, 'my-analytics');
      try {
        const segments = [0, 1, 2, 3, 4].map((i) => segment('sub001', i));
        await publishSegments(nats.js, segments);
        await untilLines(sink, 5);
        const expected = segments.map((s) => `[sub001] ${s.userName}: ${s.text}`);
        for (const p of [printer, other]) {
          await waitFor(() => p.printed().length >= 5, { what: `${p.proc.name} printed 5 lines` });
          expect(p.printed().map((l) => l.slice(l.indexOf(' ') + 1))).toEqual(expected);
        }
        expect(sink.lines().map((l) => l.text)).toEqual(segments.map((s) => s.text));
      } finally {
        await Promise.allSettled([printer.proc.stop(), other.proc.stop()]);
        await sink.close();
      }
    },
  );

  natsTest(
    'subscribers - processes sharing one consumer name share the segments, each exactly once',
    async ({ nats }) => {
      await startSink(await nats.connect('provision')).then((s) => s.close());
      const a = await startPrinter(nats.url, 'shared');
      const b = await startPrinter(nats.url, 'shared');
      try {
        const segments = Array.from({ length: 30 }, (_, i) => segment('sub002', i));
        await publishSegments(nats.js, segments);
        const all = () => [...a.printed(), ...b.printed()];
        await waitFor(() => all().length >= 30, { what: '30 lines across both processes' });
        const texts = all().map((l) => l.slice(l.lastIndexOf(': ') + 2));
        expect(new Set(texts).size).toBe(30);
        expect(texts).toHaveLength(30);
        const exit = await a.proc.stop('SIGTERM');
        expect(exit.code).toBe(0);
      } finally {
        await Promise.allSettled([a.proc.stop(), b.proc.stop()]);
      }
    },
  );
});
