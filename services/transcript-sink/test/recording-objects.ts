import { createHash, randomUUID } from 'node:crypto';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { ObjectStores, type RecordingManifest } from '@rtms/contracts';

// A finished recording's manifest in the `rtms-recordings` object store, written as @nats-io/obj (the
// recorder's client) writes an object: one chunk on `$O.<bucket>.C.<nuid>`, then its description on the
// meta subject (padded base64url of the name) with a rollup. The sink reads it with single-message gets;
// e2e/test/npm-start.test.ts covers the link against a manifest the real recorder wrote.

const BUCKET = ObjectStores.recordings;

export async function putRecordingManifest(
  jsm: JetStreamManager,
  js: JetStreamClient,
  streamId: string,
  files: string[],
): Promise<void> {
  await jsm.streams
    .add({
      name: `OBJ_${BUCKET}`,
      subjects: [`$O.${BUCKET}.C.>`, `$O.${BUCKET}.M.>`],
      allow_rollup_hdrs: true,
      allow_direct: true,
    })
    .catch(() => undefined);
  const manifest: RecordingManifest = {
    v: 1,
    streamId,
    meetingUuid: `meeting-${streamId}==`,
    startTimestamp: 0,
    endTimestamp: 1000,
    finalisedBy: 'stopped',
    finalisedAt: 1,
    participants: [],
    files: files.map((f) => ({
      name: `${streamId}/${f}`,
      format: 'audio/wav',
      durationMs: 1000,
      bytes: 1,
      sha256: '0'.repeat(64),
    })),
  };
  const data = new TextEncoder().encode(JSON.stringify(manifest));
  const nuid = randomUUID().replace(/-/g, '');
  await js.publish(`$O.${BUCKET}.C.${nuid}`, data);
  const name = `${streamId}/manifest.json`;
  const meta = Buffer.from(name).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const h = headers();
  h.set('Nats-Rollup', 'sub');
  const digest = `SHA-256=${createHash('sha256').update(data).digest('base64url')}`;
  await js.publish(
    `$O.${BUCKET}.M.${meta}`,
    JSON.stringify({
      name,
      bucket: BUCKET,
      nuid,
      size: data.length,
      chunks: 1,
      digest,
      mtime: new Date().toISOString(),
      options: { max_chunk_size: 131072 },
    }),
    { headers: h },
  );
}
