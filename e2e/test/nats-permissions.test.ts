import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { Streams, ZoomApiEndpoints } from '@rtms/contracts';
import { authorizationBlock } from '@rtms/nats';
import { startNatsServer, startProcess, waitFor } from '@rtms/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { readStream } from '../src/chaos/audit.js';
import { startMeetingLoad } from '../src/chaos/meeting-load.js';
import { scrapeMetric } from '../src/chaos/metrics.js';
import { startSystem } from '../src/chaos/system.js';
import { SecretMarkers } from '../src/secret-leaks.js';

// Least privilege on the bus: nats-server runs with the users generated from the contracts, every service
// connects as its own user, and the whole system does its normal work (webhooks stored and consumed, RTMS
// streams registered and leased, transcripts published and logged, delayed stops scheduled through zoom-api's
// $SRV service, the live page's API) without a single permission violation. The subscriber example reads
// transcripts as the read-only transcript-reader.

const example = fileURLToPath(new URL('../../examples/print-transcripts.mjs', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'rtms-e2e-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const password = (user: string) => `e2e-${user}-password-0123456789`;

describe('e2e - NATS users per service', () => {
  it('permissions - every service runs its normal flows under its own user, with no violation', async () => {
    const conf = path.join(dir, 'auth.conf');
    writeFileSync(
      conf,
      authorizationBlock((u) => ({ value: password(u) })),
    );
    const server = await startNatsServer({ extraArgs: ['-c', conf] });
    const admin = { user: 'rtms-admin', pass: password('rtms-admin') };
    const system = await startSystem({ natsUrl: server.url, users: { password } });
    const nc = await connect({ servers: server.url, ...admin });
    let printer: ReturnType<typeof startProcess> | undefined;
    try {
      for (const service of ['webhook-gateway', 'zoom-api', 'stream-connector', 'transcript-sink'] as const)
        await system.start(service);
      const ids = await startMeetingLoad(system.sim, nc, 3);

      // zoom-api's control API ($SRV service): a delayed stop, stored, consumed when due, its outcome published.
      const meeting = system.sim.startMeeting();
      const reply = await nc.request(
        ZoomApiEndpoints.scheduleStop,
        JSON.stringify({ meetingId: meeting.id, delaySeconds: 1 }),
        { timeout: 10_000 },
      );
      expect(reply.headers?.get('Nats-Service-Error-Code') ?? '').toBe('');
      await waitFor(
        async () =>
          (await readStream(nc, Streams.control)).some((m) => m.data.includes(`"meetingId":"${meeting.id}"`)),
        { timeoutMs: 30_000, intervalMs: 250, what: 'the delayed stop outcome on RTMS_CONTROL' },
      );

      // The live page's API: meeting list (stream info by subject, last messages) and a transcript stream
      // (an ordered consumer).
      const sink = system.services.find((s) => s.service === 'transcript-sink');
      const token = `?token=${SecretMarkers.TRANSCRIPT_PAGE_TOKEN}`;
      const list = await fetch(`${sink?.url}/api/meetings${token}`);
      expect(list.status).toBe(200);
      const stream = await fetch(`${sink?.url}/api/meetings/${ids[0]}/transcript${token}`);
      const reader = stream.body?.getReader();
      let sse = '';
      while (!sse.includes('event: segment')) sse += new TextDecoder().decode((await reader?.read())?.value);
      await reader?.cancel();

      // A subscriber as the read-only transcript-reader.
      printer = startProcess({
        name: 'printer',
        command: process.execPath,
        args: [example],
        env: {
          NATS_URL: server.url,
          NATS_USER: 'transcript-reader',
          NATS_PASSWORD: password('transcript-reader'),
          CONSUMER: 'e2e-reader',
        },
      });
      await printer.waitForLine(/listening on rtms\.transcript\.>/, 30_000);
      await printer.waitForLine(/\] \S.*: /, 30_000);

      for (const s of system.services) {
        expect(await scrapeMetric(s.url, 'nats_permission_violations_total'), s.name).toBe(0);
        expect(
          s.proc.lines.filter((l) => l.includes('permission violation')),
          s.name,
        ).toEqual([]);
      }
    } finally {
      await printer?.stop();
      await nc.close();
      await system.close();
      await server.dispose();
    }
  });
});
