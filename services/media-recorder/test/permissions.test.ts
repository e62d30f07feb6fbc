import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { headers } from '@nats-io/transport-node';
import {
  encodeJson,
  MediaHeaders,
  ObjectStores,
  RecordingSubjects,
  recordingFrameId,
  recordingMarkId,
} from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import {
  ADMIN_USER,
  type AuthUserName,
  authorizationBlock,
  connectNats,
  permissionViolations,
  provisionTopology,
} from '@rtms/nats';
import { startNatsServer, waitFor } from '@rtms/testkit';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { recorderTopology } from '../src/topology.js';

// The recorder and the connector's recording publishes under their own NATS users (the generated
// authorization block): a recording is made with no permission violation.

const logger = createLogger({ service: 'recorder-permissions-test', level: 'silent' });
const password = (user: AuthUserName) => `pw-${user}-0123456789abcdef`;
const connectAs = (url: string, user: AuthUserName) =>
  connectNats({
    servers: url,
    name: user,
    logger,
    user,
    password: password(user),
    firstConnectTimeoutMs: 2000,
  });

describe('media-recorder - NATS permissions', () => {
  it('permissions - the recorder records under its own user, the connector user publishes the media', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorder-auth-'));
    const conf = path.join(dir, 'auth.conf');
    writeFileSync(
      conf,
      authorizationBlock((u) => ({ value: password(u) })),
    );
    const server = await startNatsServer({ extraArgs: ['-c', conf] });
    const before = [...permissionViolations().values()].reduce((a, b) => a + b, 0);
    const recorderNc = await connectAs(server.url, 'media-recorder');
    const connectorNc = await connectAs(server.url, 'stream-connector');
    const adminNc = await connectAs(server.url, ADMIN_USER);
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', RECORDING_CHECKPOINT_MS: '100' });
    const app = buildApp({ config, logger, nc: recorderNc });
    try {
      await provisionTopology(recorderNc, recorderTopology(config), logger);
      await app.start();
      const js = jetstream(connectorNc);
      const id = 'abc123';
      const mark = (kind: 'start' | 'end', timestamp: number) =>
        js.publish(
          RecordingSubjects.mark(id),
          encodeJson('recordingMark', RecordingSubjects.mark(id), {
            v: 1,
            streamId: id,
            meetingUuid: 'm==',
            kind,
            timestamp,
            at: Date.now(),
          }),
          { msgID: recordingMarkId(id, kind) },
        );
      await mark('start', 1000);
      for (let i = 0; i < 10; i++) {
        const h = headers();
        for (const [k, v] of [
          [MediaHeaders.userId, '0'],
          [MediaHeaders.timestamp, String(1000 + i * 20)],
          [MediaHeaders.format, 'audio/L16;rate=16000;channels=1'],
          [MediaHeaders.meetingUuid, 'm=='],
        ] as const)
          h.set(k, v);
        await js.publish(RecordingSubjects.audio(id), new Uint8Array(640), {
          headers: h,
          msgID: recordingFrameId(id, 'audio', 0, 1000 + i * 20),
        });
      }
      await mark('end', 2000);
      const os = await new Objm(adminNc).open(ObjectStores.recordings);
      await waitFor(async () => (await os.info(`${id}/manifest.json`)) !== null, { what: 'the manifest' });
      expect((await os.info(`${id}/audio.wav`))?.size).toBe(44 + 32_000);
      // The parts are deleted after the manifest is stored.
      await waitFor(async () => (await os.list()).every((o) => o.deleted || !o.name.includes('/parts/')), {
        what: 'the parts deleted',
      });
      expect([...permissionViolations().values()].reduce((a, b) => a + b, 0)).toBe(before);
    } finally {
      await app.close();
      await Promise.all([recorderNc.close(), connectorNc.close(), adminNc.close()]);
      await server.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
