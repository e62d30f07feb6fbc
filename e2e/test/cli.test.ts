import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { authorizationBlock } from '@rtms/nats';
import { type NatsServerProcess, startNatsServer, waitFor } from '@rtms/testkit';
import type { MeetingInfo } from '@rtms/zoom-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem } from '../src/chaos/system.js';
import { runRtms, startRtms } from '../src/rtms-cli.js';
import { SecretMarkers } from '../src/secret-leaks.js';

// The `rtms` command against the real system: a NATS server with a user per service (as npm start runs it),
// the four services as processes and the simulator playing Zoom. Each command runs as a user runs it (its own
// process, as rtms-admin unless said otherwise) and its text, --json output and exit codes are checked.

const dir = mkdtempSync(path.join(tmpdir(), 'rtms-e2e-cli-'));
const password = (user: string) => `e2e-${user}-password-0123456789`;
let server: NatsServerProcess;
let system: System;
let env: Record<string, string>;

beforeAll(async () => {
  const conf = path.join(dir, 'auth.conf');
  writeFileSync(
    conf,
    authorizationBlock((u) => ({ value: password(u) })),
  );
  server = await startNatsServer({ extraArgs: ['-c', conf] });
  system = await startSystem({ natsUrl: server.url, users: { password } });
  for (const service of ['transcript-sink', 'stream-connector', 'zoom-api', 'webhook-gateway'] as const)
    await system.start(service);
  env = { NATS_URL: server.url, NATS_USER: 'rtms-admin', NATS_PASSWORD: password('rtms-admin') };
}, 120_000);

afterAll(async () => {
  await system?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

interface StreamJson {
  streamId: string;
  instanceId: string;
  state: string;
  owner: string | null;
  transcriptSegments: number;
  framesPerSecond: Record<string, number>;
}

async function streamsJson(): Promise<StreamJson[]> {
  const run = await runRtms(['streams', '--json', '--sample', '500ms'], env);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.lines[0] ?? '{}') as { streams: StreamJson[] }).streams;
}

describe('cli - usage', () => {
  it('cli - --help exits 0 on every command, a wrong command line exits 2', async () => {
    const help = await runRtms(['--help'], env);
    expect(help.code, help.stdout + help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: rtms');
    for (const command of [
      'streams',
      'tail',
      'export',
      'start',
      'stop',
      'pause',
      'resume',
      'stops',
      'doctor',
    ]) {
      const run = await runRtms([command, '--help'], env);
      expect(run.code, `${command}: ${run.stderr}`).toBe(0);
      expect(run.stdout).toContain(`Usage: rtms ${command}`);
    }
    const unknown = await runRtms(['no-such-command'], env);
    expect(unknown.code, unknown.stdout + unknown.stderr).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'no-such-command'");
    const badValue = await runRtms(['streams', '--interval', 'soon'], env);
    expect(badValue.code, badValue.stdout + badValue.stderr).toBe(2);
    expect(badValue.stderr).toContain('not a duration');
  });

  it('cli - NATS not reachable, or refusing the user, exits 1 naming what to set', async () => {
    const run = await runRtms(['streams'], {
      NATS_URL: 'nats://127.0.0.1:1',
      RTMS_CONNECT_TIMEOUT_MS: '300',
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain('NATS not reachable at nats://127.0.0.1:1: set NATS_URL');
    const noUser = await runRtms(['streams'], { NATS_URL: server.url, RTMS_CONNECT_TIMEOUT_MS: '300' });
    expect(noUser.code, noUser.stdout + noUser.stderr).toBe(1);
    expect(noUser.stderr).toContain('NATS_USER=rtms-admin');
  });
});

describe('cli - with a live meeting', () => {
  let meeting: MeetingInfo;
  let streamId: string;

  it('cli - streams shows the live stream with state, owner replica and media', async () => {
    meeting = system.sim.startMeeting({ autoRtms: true });
    const live = await waitFor(
      async () =>
        (await streamsJson()).find(
          (s) => s.instanceId === meeting.uuid && s.state === 'connected' && s.transcriptSegments > 0,
        ),
      { timeoutMs: 30_000, intervalMs: 300, what: 'the stream connected with transcript segments' },
    );
    streamId = live.streamId;
    expect(live.owner).toBe('stream-connector-1');
    expect(live.framesPerSecond.audio).toBeGreaterThan(0);

    const text = await runRtms(['streams'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.lines[0]).toMatch(/^STREAM\s+MEETING\s+STATE\s+OWNER\s+AGE\s+MEDIA$/);
    const row = text.lines.find((l) => l.startsWith(streamId));
    expect(row).toMatch(/connected\s+stream-connector-1\s+\d+s\s+audio [\d.]+\/s.*transcript \d+/);
    expect(text.stdout).not.toContain('\u001b['); // no colour off a terminal

    // --watch redraws (one JSON document per redraw) until Ctrl-C, which leaves with 0.
    const watch = startRtms(
      ['streams', '--watch', '--interval', '200ms', '--sample', '200ms', '--json'],
      env,
    );
    await waitFor(() => watch.lines.length >= 2, { timeoutMs: 20_000, what: 'two redraws' });
    const done = await watch.interrupt();
    expect(done.code, done.stderr).toBe(0);
    for (const line of done.lines)
      expect((JSON.parse(line) as { streams: StreamJson[] }).streams.map((s) => s.streamId)).toContain(
        streamId,
      );
  });

  it('cli - tail prints the history of a stream and exits with --no-follow', async () => {
    const text = await runRtms(['tail', '--stream', streamId, '--no-follow'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.lines.length, text.stdout + text.stderr).toBeGreaterThan(0);
    for (const line of text.lines) expect(line, text.stdout).toMatch(/^\d\d:\d\d:\d\d \S.*: /);
    expect(text.stderr).toContain('-- end of history');

    const json = await runRtms(['tail', '--stream', streamId, '--no-follow', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const fields = json.lines.map((l) => JSON.parse(l) as { streamId: string; speaker: string; seq: number });
    expect(fields.length, json.stdout + json.stderr).toBeGreaterThan(0);
    for (const f of fields)
      expect(f).toMatchObject({ streamId, speaker: expect.any(String), seq: expect.any(Number) });
    expect(json.stderr, json.stdout).toBe(''); // --json: nothing but the documents
  });

  it('cli - tail --meeting <numeric id> follows new lines live and Ctrl-C leaves with 0', async () => {
    const running = startRtms(['tail', '--meeting', meeting.id, '--json'], env);
    const first = JSON.parse(await running.waitForLine(/"seq":/)) as { seq: number; meetingUuid: string };
    expect(first.meetingUuid).toBe(meeting.uuid);
    // A line written after the history: the command is following.
    const { seq: lastSeq } = JSON.parse(
      (await runRtms(['tail', '--stream', streamId, '--no-follow', '--json'], env)).lines.at(-1) ?? '{}',
    ) as { seq: number };
    await waitFor(() => running.lines.some((l) => (JSON.parse(l) as { seq: number }).seq > lastSeq), {
      timeoutMs: 30_000,
      what: 'a line written after the history',
    });
    const run = await running.interrupt();
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });

  it('cli - the read-only transcript-reader tails and exports; a numeric --meeting needs the webhooks and says so', async () => {
    const reader = { ...env, NATS_USER: 'transcript-reader', NATS_PASSWORD: password('transcript-reader') };
    const tail = await runRtms(['tail', '--stream', streamId, '--no-follow'], reader);
    expect(tail.code, tail.stderr).toBe(0);
    expect(tail.lines.length).toBeGreaterThan(0);
    const byUuid = await runRtms(['tail', '--meeting', meeting.uuid, '--no-follow', '--json'], reader);
    expect(byUuid.code, byUuid.stderr).toBe(0);
    expect(byUuid.lines.length).toBeGreaterThan(0);
    const exported = await runRtms(['export', streamId, '--format', 'txt'], reader);
    expect(exported.code, exported.stderr).toBe(0);
    const byId = await runRtms(['tail', '--meeting', meeting.id, '--no-follow'], reader);
    expect(byId.code, byId.stdout + byId.stderr).toBe(1);
    expect(byId.stderr).toContain('may not read ZOOM_WEBHOOKS');
  });

  it("cli - pause and resume print Zoom's answer; a meeting id that is not one is a usage error", async () => {
    const pause = await runRtms(['pause', meeting.id], env);
    expect(pause.code, pause.stderr).toBe(0);
    expect(pause.stdout).toMatch(
      new RegExp(`^ok pause meeting ${meeting.id} \\(Zoom answered HTTP 2\\d\\d\\)`),
    );
    const resume = await runRtms(['resume', meeting.id, '--json'], env);
    expect(resume.code, resume.stderr).toBe(0);
    expect(JSON.parse(resume.stdout)).toMatchObject({ ok: true, action: 'resume', meetingId: meeting.id });
    const bad = await runRtms(['pause', 'not-a-meeting'], env);
    expect(bad.code, bad.stdout + bad.stderr).toBe(2);
    expect(bad.stderr).toContain("'not-a-meeting' is not a meeting id");
  });

  it('cli - stop --after schedules a delayed stop, stops lists it, stop --cancel cancels it', async () => {
    const scheduled = await runRtms(['stop', meeting.id, '--after', '10m'], env);
    expect(scheduled.code, scheduled.stderr).toBe(0);
    expect(scheduled.stdout).toMatch(new RegExp(`^ok schedule_stop meeting ${meeting.id}, due \\d{4}-`));
    const listed = await runRtms(['stops'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.lines[0]).toMatch(/^MEETING\s+DUE\s+AT\s+FROM\s+STATE$/);
    expect(listed.lines.find((l) => l.startsWith(meeting.id))).toMatch(/in \d+m\d\ds\s+\S+\s+api\s+pending$/);

    const cancelled = await runRtms(['stop', meeting.id, '--cancel', '--json'], env);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ ok: true, action: 'cancel_stop' });
    const after = await runRtms(['stops', '--json'], env);
    expect(JSON.parse(after.stdout)).toEqual({ stops: [] });
    const all = await runRtms(['stops', '--all', '--json'], env);
    expect((JSON.parse(all.stdout) as { stops: unknown[] }).stops).toEqual([
      expect.objectContaining({ meetingId: meeting.id, cancelled: true, source: 'api' }),
    ]);
    // Nothing left to cancel: zoom-api's refusal is printed and the exit code is 1.
    const again = await runRtms(['stop', meeting.id, '--cancel'], env);
    expect(again.code, again.stdout + again.stderr).toBe(1);
    expect(again.stderr).toMatch(/zoom-api refused rtms\.api\.stop\.cancel: 404 /);
  });

  it("cli - stop ends the stream; export gives what the sink's download gives, in every format", async () => {
    const stop = await runRtms(['stop', meeting.id], env);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(
      new RegExp(`^ok stop meeting ${meeting.id} \\(Zoom answered HTTP 2\\d\\d\\)`),
    );
    await waitFor(
      async () => (await streamsJson()).find((s) => s.streamId === streamId)?.state === 'stopped',
      {
        timeoutMs: 30_000,
        intervalMs: 300,
        what: 'the stream stopped',
      },
    );
    const sink = system.services.find((s) => s.service === 'transcript-sink');
    for (const format of ['txt', 'vtt', 'srt', 'jsonl']) {
      const run = await runRtms(['export', streamId, '--format', format], env);
      expect(run.code, run.stderr).toBe(0);
      const download = await fetch(`${sink?.url}/api/meetings/${streamId}/download/${format}`, {
        headers: { authorization: `Bearer ${SecretMarkers.TRANSCRIPT_PAGE_TOKEN}` },
      });
      expect(download.status).toBe(200);
      expect(run.stdout, format).toBe(await download.text());
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'rtms-export-'));
    const file = path.join(dir, 'meeting.vtt');
    const written = await runRtms(['export', streamId, '-f', 'vtt', '-o', file, '--json'], env);
    expect(written.code, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({ streamId, format: 'vtt', file });
    expect(readFileSync(file, 'utf8')).toMatch(/^WEBVTT\n\n1\n00:00:00\.000 --> /);

    const unknown = await runRtms(['export', 'no-such-stream'], env);
    expect(unknown.code, unknown.stdout + unknown.stderr).toBe(1);
    expect(unknown.stderr).toContain('no transcript segments for stream no-such-stream');
    const badFormat = await runRtms(['export', streamId, '--format', 'docx'], env);
    expect(badFormat.code, badFormat.stdout + badFormat.stderr).toBe(2);
  });
});

describe('cli - doctor', () => {
  const serviceUrls = () => system.services.map((s) => `${s.service}=${s.url}`).join(',');

  it('cli - doctor passes on the running system, one line per check', async () => {
    const run = await runRtms(['doctor'], { ...env, RTMS_SERVICE_URLS: serviceUrls() });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const check of [
      'NATS',
      'JetStream',
      'stream RTMS_TRANSCRIPTS',
      'KV rtms-streams',
      'consumer ZOOM_WEBHOOKS/zoom-api',
      'clock skew',
      'zoom-api control service',
      'service zoom-api',
    ])
      expect(
        run.lines.find((l) => l.startsWith(`ok   ${check} `)),
        check,
      ).toBeDefined();
    expect(run.lines.at(-1)).toBe('all checks passed');
    const json = await runRtms(['doctor', '--json'], { ...env, RTMS_SERVICE_URLS: serviceUrls() });
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: { check: string; ok: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.ok)).toBe(true);
  });

  it('cli - doctor names each failure with its fix and exits 1', async () => {
    const run = await runRtms(['doctor'], {
      ...env,
      NATS_REPLICAS: '3',
      RTMS_SERVICE_URLS: 'zoom-api=http://127.0.0.1:1',
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.lines.find((l) => l.startsWith('FAIL stream RTMS_TRANSCRIPTS '))).toMatch(
      /1 replica, NATS_REPLICAS is 3 -> fix: restart the services with NATS_REPLICAS=3/,
    );
    expect(run.lines.find((l) => l.startsWith('FAIL service zoom-api '))).toMatch(
      /no answer from http:\/\/127\.0\.0\.1:1\/readyz .* -> fix: start zoom-api/,
    );
    expect(run.lines.at(-1)).toMatch(/^\d+ checks failed$/);
    expect(run.stderr).toBe('');
  });
});
