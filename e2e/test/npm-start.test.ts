import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecordingManifest, ZoomWebhookHeaders } from '@rtms/contracts';
import { startProcess, waitFor } from '@rtms/testkit';
import { SIM_DEFAULT_CREDENTIALS } from '@rtms/zoom-sim';
import { afterAll, describe, expect, it } from 'vitest';
import { expectLivePageLocalWithToken } from '../src/live-page.js';
import { expectServicesUseOwnUsers } from '../src/nats-users.js';
import {
  expectNoProcessLeft,
  isolatedStartEnv,
  localNatsAdmin,
  waitForDemoMeeting,
} from '../src/npm-start.js';
import { LeakScan, SecretMarkers } from '../src/secret-leaks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'rtms-e2e-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const isolatedEnv = () => isolatedStartEnv(dataDir);

// Secrets the user set, as recognisable markers: kept (partial configuration) and never leaked.
const USER_WEBHOOK_SECRET = SecretMarkers.ZOOM_WEBHOOK_SECRET_TOKEN;

/** POSTs a signed Zoom-style webhook (an event no service acts on) to the gateway. */
function postSignedWebhook(url: string, secret: string): Promise<Response> {
  const body = JSON.stringify({ event: 'e2e.probe', event_ts: Date.now(), payload: { n: randomUUID() } });
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      [ZoomWebhookHeaders.timestamp]: ts,
      [ZoomWebhookHeaders.signature]: signature,
    },
  });
}

const SERVICE_PORTS = [
  'WEBHOOK_GATEWAY_PORT',
  'ZOOM_API_PORT',
  'STREAM_CONNECTOR_PORT',
  'TRANSCRIPT_SINK_PORT',
  'MEDIA_RECORDER_PORT',
  'SIM_PORT',
] as const;
const gatewayOrigin = (env: NodeJS.ProcessEnv) => `http://127.0.0.1:${env.WEBHOOK_GATEWAY_PORT}`;

describe('e2e - npm start', () => {
  it('brings up NATS and every service with /healthz answering, then stops them all with no orphans', async () => {
    const env = await isolatedEnv();
    const proc = startProcess({
      name: 'npm-start',
      command: process.execPath,
      args: ['scripts/start.mjs', '--exit-when-ready'],
      cwd: root,
      env,
    });
    const { code } = await proc.exited;
    const output = proc.lines.join('\n');
    expect(code, output).toBe(0);
    expect(output).toContain('==> Ready');
    expect(output).toMatch(new RegExp(`NATS listening on nats://127\\.0\\.0\\.1:${env.NATS_PORT}`));
    expectNoProcessLeft(proc, 1);
    // No TRANSCRIPT_PAGE_TOKEN given: npm start generated one and printed the page's URL with it.
    expect(output).toMatch(/live transcript http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/m);
  });

  it('runs a simulated meeting end to end: transcripts reach the sink, the delayed stop fires, Ctrl-C stops all', async () => {
    // Partial configuration: only the webhook secret is the user's. The simulator runs, with the user's
    // secret (its webhooks are accepted), never silently replaced by the simulator's.
    const env: NodeJS.ProcessEnv = {
      ...(await isolatedEnv()),
      ...SecretMarkers,
      TRANSCRIPT_DIR: path.join(dataDir, 'transcripts'),
    };
    const proc = startProcess({
      name: 'npm-start',
      command: process.execPath,
      args: ['scripts/start.mjs'],
      cwd: root,
      env,
    });
    const scan = new LeakScan();
    try {
      await proc.waitForLine(/==> Ready/, 180_000);
      // The URLs are printed after "Ready" and may come in a later chunk: read on to the banner's last line.
      await proc.waitForLine(/Press Ctrl-C to stop/);
      expect(proc.lines.filter((l) => l.includes('Zoom values from you'))).toEqual([
        expect.stringContaining(
          'Zoom values from you: ZOOM_CLIENT_SECRET, ZOOM_WEBHOOK_SECRET_TOKEN; from the simulator: ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID',
        ),
      ]);
      await expectLivePageLocalWithToken(proc.lines, Number(env.TRANSCRIPT_SINK_PORT));
      const gateway = `http://127.0.0.1:${env.WEBHOOK_GATEWAY_PORT}/webhook`;
      expect((await postSignedWebhook(gateway, USER_WEBHOOK_SECRET)).status).toBe(200);
      expect((await postSignedWebhook(gateway, SIM_DEFAULT_CREDENTIALS.webhookSecret)).status).toBe(401);
      for (const name of SERVICE_PORTS) {
        const res = await fetch(`http://127.0.0.1:${env[name]}/healthz`);
        expect(res.status, name).toBe(200);
      }
      // The simulator's demo meeting: meeting.started → zoom-api starts RTMS → rtms_started → the connector
      // runs the chain → transcripts on NATS → the sink logs them; 10 s later zoom-api's delayed stop.
      const transcriptLines = await waitForDemoMeeting(proc);
      expect(transcriptLines.length).toBeGreaterThanOrEqual(2);
      // The demo is recorded: when its stream stopped, the WAV and manifest went where npm start said.
      const recordings = path.join(dataDir, 'recordings');
      expect(proc.lines.some((l) => l.includes('/<rtms_stream_id>/audio.wav when a stream stops'))).toBe(
        true,
      );
      const manifestOf = () =>
        (existsSync(recordings) ? readdirSync(recordings) : [])
          .map((d) => path.join(recordings, d, 'manifest.json'))
          .find((f) => existsSync(f));
      const manifestFile = await waitFor(manifestOf, { what: "the demo's recording", timeoutMs: 20_000 });
      const manifest = RecordingManifest.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
      expect(manifest.files[0]?.durationMs).toBeGreaterThan(2000);
      // The live page's list links the recording on the recorder; the link, with the page's token, serves
      // the stored WAV with Range requests (the recorder's token is the page's).
      const pageToken = /^\s*live transcript http:\S+\?token=(\S+)$/m.exec(proc.lines.join('\n'))?.[1] ?? '';
      const meetingsUrl = `http://127.0.0.1:${env.TRANSCRIPT_SINK_PORT}/api/meetings?token=${pageToken}`;
      const links = await waitFor(
        async () => {
          const { meetings } = (await (await fetch(meetingsUrl)).json()) as {
            meetings: { streamId: string; recording?: { name: string; url: string }[] }[];
          };
          return meetings.find((m) => m.streamId === manifest.streamId)?.recording;
        },
        { what: "the recording's links on the live page", timeoutMs: 20_000 },
      );
      const wavLink = links.find((l) => l.name === 'audio.wav')?.url ?? '';
      expect(wavLink).toBe(
        `http://127.0.0.1:${env.MEDIA_RECORDER_PORT}/recordings/${manifest.streamId}/audio.wav`,
      );
      const head = await fetch(`${wavLink}?token=${pageToken}`, { headers: { range: 'bytes=0-11' } });
      expect(head.status).toBe(206);
      expect(Buffer.from(await head.arrayBuffer()).toString('latin1')).toMatch(/^RIFF....WAVE$/s);
      expect((await fetch(wavLink)).status).toBe(401);
      const urls = SERVICE_PORTS.map((name) => `http://127.0.0.1:${env[name]}`);
      await scan.metrics(urls);
      await scan.httpErrors(urls, gatewayOrigin(env), `http://127.0.0.1:${env.TRANSCRIPT_SINK_PORT}`);
      await scan.serviceErrors(`nats://127.0.0.1:${env.NATS_PORT}`, localNatsAdmin(dataDir));
      await expectServicesUseOwnUsers(`nats://127.0.0.1:${env.NATS_PORT}`, dataDir);
    } finally {
      const { code } = await proc.stop('SIGINT', 30_000);
      expect(code, proc.lines.slice(-30).join('\n')).toBe(130);
    }
    expectNoProcessLeft(proc, 2);
    // npm start prints the page's URL with its token for the user; no other line may carry a secret.
    scan.lines('npm start output', proc.lines, (line) => /^\s*live transcript http:\S+\?token=/.test(line));
    scan.files(dataDir, ['secrets']);
    expect(scan.report()).toBe('');
    // The scan does see a marker where one is: the printed page URL carries the user's token.
    const control = new LeakScan();
    control.lines('npm start output', proc.lines);
    expect(control.leaks.map((l) => l.secret)).toEqual(['TRANSCRIPT_PAGE_TOKEN']);
  });
});
