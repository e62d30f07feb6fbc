import { startNatsServer, waitFor } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { type ServiceProcess, startSystem } from '../src/chaos/system.js';

// docs/troubleshooting.md names, for each way a first real meeting fails, the log line that shows it. This runs
// the services as processes against the simulator made to fail in those ways, and checks each line says what
// the table says. (A wrong OAuth secret: e2e/test/npm-start-check.test.ts, the `--check` output.)

/** The service's JSON log lines with this `msg`. */
function logged(s: ServiceProcess, msg: string): Record<string, unknown>[] {
  return s.proc.lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return entry.msg === msg ? [entry] : [];
    } catch {
      return [];
    }
  });
}

const until = <T>(fn: () => T | undefined | false, what: string) =>
  waitFor(fn, { timeoutMs: 30_000, intervalMs: 100, what });

describe('e2e - troubleshooting: each failure is named in the log', () => {
  it('troubleshooting - a stop reason, a REST 4xx and a wrong RTMS client secret name their cause', async () => {
    const server = await startNatsServer();
    const system = await startSystem({ natsUrl: server.url, env: { RTMS_MEDIA_TYPES: 'transcript' } });
    const { sim } = system;
    try {
      await system.start('webhook-gateway');
      const zoomApi = await system.start('zoom-api', undefined, { RTMS_AUTO_START: 'true' });
      const good = await system.start('stream-connector');
      // Ready can come before the start-up lines are on stdout (LOG_BUFFER_BYTES: written within 250 ms).
      await until(() => logged(zoomApi, 'Zoom credentials accepted').length > 0, 'credentials line');
      expect(logged(zoomApi, 'Zoom credentials accepted')).toHaveLength(1);
      const client = await until(() => logged(good, 'RTMS client')[0], 'the RTMS client line');
      expect(client).toMatchObject({
        rtmsClientId: sim.credentials.clientId,
        tlsVerification: 'on',
      });

      // Zoom stops a stream with a reason: the stop line and the lifecycle say which, in words.
      const first = sim.startMeeting({ autoRtms: false });
      const stream = await until(
        () => sim.streams().find((s) => s.meetingId === first.id && s.signalingConnected),
        'the first stream connected',
      );
      sim.stopRtms(stream.id, 18);
      const stopped = await until(() => logged(good, 'stream stopped')[0], 'stream stopped logged');
      expect(stopped).toMatchObject({
        stopReason: 18,
        stopReasonText: expect.stringMatching(/^AUTHENTICATION_FAILURE \(18\): .*ZOOM_CLIENT_SECRET/),
      });

      // The RTMS start is refused (403): zoom-api's line has Zoom's status, code and a hint.
      sim.injectFault({ target: 'rest', status: 403 });
      const second = sim.startMeeting({ autoRtms: false });
      const refused = await until(() => logged(zoomApi, 'RTMS start failed')[0], 'RTMS start failed logged');
      expect(refused).toMatchObject({
        meetingId: String(second.id),
        httpStatus: 403,
        hint: expect.stringContaining('RTMS scope'),
      });

      // A connector with another RTMS client secret: the signaling handshake is refused as INVALID_SIGNATURE.
      await good.proc.stop('SIGTERM', 10_000);
      const bad = await system.start('stream-connector', 'connector-wrong-secret', {
        ZOOM_CLIENT_SECRET: 'not-the-rtms-app-secret',
      });
      sim.startMeeting({ autoRtms: false });
      const failed = await until(
        () => logged(bad, 'stream connection failed; retrying')[0],
        'a refused handshake logged',
      );
      expect(JSON.stringify(failed.err)).toMatch(
        /signaling handshake rejected: status INVALID_SIGNATURE \(3\): the handshake signature is wrong: ZOOM_CLIENT_SECRET/,
      );
    } finally {
      await system.close();
      await server.stop();
    }
  });
});
