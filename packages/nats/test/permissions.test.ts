import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamSpecs } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { type NatsServerProcess, startNatsServer, waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_USER,
  type AuthUserName,
  authorizationBlock,
  connectNats,
  drainNats,
  permissionViolations,
  provisionTopology,
} from '../src/index.js';

// A real nats-server with the generated authorization block: each user may do what its contract says, and a
// subject outside it is refused by the server, logged and counted, while the connection goes on.

const password = (user: AuthUserName) => `pw-${user}-0123456789abcdef`;
const dir = mkdtempSync(path.join(tmpdir(), 'rtms-nats-auth-'));
let server: NatsServerProcess;

beforeAll(async () => {
  const conf = path.join(dir, 'auth.conf');
  writeFileSync(
    conf,
    authorizationBlock((u) => ({ value: password(u) })),
  );
  server = await startNatsServer({ extraArgs: ['-c', conf] });
  const admin = await connectAs(ADMIN_USER, []);
  await provisionTopology(admin, { streams: streamSpecs() }, createLogger({ service: 't', level: 'silent' }));
  await admin.close();
});
afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function connectAs(user: AuthUserName, lines: Record<string, unknown>[], pass = password(user)) {
  const logger = createLogger(
    { service: user, level: 'info' },
    {
      write: (line: string) => void lines.push(JSON.parse(line)),
    },
  );
  return connectNats({
    servers: server.url,
    name: user,
    logger,
    user,
    password: pass,
    firstConnectTimeoutMs: 2000,
  });
}

const violations = () => [...permissionViolations().values()].reduce((a, b) => a + b, 0);

async function expectRefused(nc: NatsConnection, lines: Record<string, unknown>[], subject: string) {
  const before = violations();
  nc.publish(subject, 'forged');
  await waitFor(() => violations() > before, { timeoutMs: 5000, what: `a violation for ${subject}` });
  expect(lines).toContainEqual(
    expect.objectContaining({
      msg: 'NATS permission violation: this service may not use that subject',
      operation: 'publish',
      subject,
    }),
  );
  // The connection goes on: an allowed request still works.
  await nc.flush();
  expect(nc.isClosed()).toBe(false);
}

describe('nats - per-service users from the contracts', () => {
  it('permissions - a wrong password is refused', async () => {
    await expect(connectAs('zoom-api', [], 'wrong-password')).rejects.toThrow();
  });

  it('permissions - transcript-sink may not forge webhooks, call zoom-api or delete streams', async () => {
    const lines: Record<string, unknown>[] = [];
    const nc = await connectAs('transcript-sink', lines);
    try {
      await expectRefused(nc, lines, 'zoom.webhook.meeting.started');
      await expectRefused(nc, lines, 'rtms.api.start');
      await expectRefused(nc, lines, '$JS.API.STREAM.DELETE.ZOOM_WEBHOOKS');
      // What it may do still works: its streams' info.
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info('RTMS_TRANSCRIPTS')).config.name).toBe('RTMS_TRANSCRIPTS');
      await expect(jsm.streams.info('ZOOM_WEBHOOKS')).rejects.toThrow();
    } finally {
      await drainNats(nc, createLogger({ service: 't', level: 'silent' }));
    }
  });

  it('permissions - each service user is refused a subject outside its contract', async () => {
    const outside: Record<Exclude<AuthUserName, typeof ADMIN_USER>, string> = {
      'webhook-gateway': 'rtms.transcript.forged',
      'zoom-api': 'zoom.webhook.meeting.started',
      'stream-connector': 'rtms.api.stop',
      'transcript-sink': 'rtms.control.events.start',
      'transcript-reader': 'rtms.transcript.forged',
      'media-recorder': 'rtms.recording.audio.forged',
    };
    for (const [user, subject] of Object.entries(outside)) {
      const lines: Record<string, unknown>[] = [];
      const nc = await connectAs(user as AuthUserName, lines);
      try {
        await expectRefused(nc, lines, subject);
      } finally {
        await nc.close();
      }
    }
  });

  it('permissions - a refused subscription is logged and counted; the connection goes on', async () => {
    const lines: Record<string, unknown>[] = [];
    const nc = await connectAs('webhook-gateway', lines);
    try {
      const before = violations();
      const sub = nc.subscribe('rtms.transcript.>');
      await waitFor(() => violations() > before, { timeoutMs: 5000, what: 'a subscription violation' });
      expect(lines).toContainEqual(
        expect.objectContaining({ operation: 'subscription', subject: 'rtms.transcript.>' }),
      );
      await sub.closed.catch(() => undefined);
      await nc.flush();
      expect(nc.isClosed()).toBe(false);
    } finally {
      await nc.close();
    }
  });
});
