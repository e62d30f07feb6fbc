import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Objm } from '@nats-io/obj';
import { ObjectStores, RecordingManifest, Subjects, webhookMessageId } from '@rtms/contracts';
import { createLogger } from '@rtms/logger';
import { provisionTopology } from '@rtms/nats';
import { buildApp as buildConnector, connectorTopology, loadConfig } from '@rtms/stream-connector';
import { type ManagedProcess, type NatsContext, startServiceProcess, waitFor } from '@rtms/testkit';
import { type PeerVariants, startZoomSimulator, type ZoomSimulator } from '@rtms/zoom-sim';
import { expect } from 'vitest';
import { CHECKPOINT_MS } from './live-expect.js';

// One place for what every recording test sets up: a simulator (webhooks stored in JetStream as the
// gateway would), a connector with recording on, recorder processes (built dist/main.js, so they can be
// SIGKILLed), and the checks of a finalised recording's manifest and stored bytes.

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const logger = createLogger({ service: 'media-recorder-test', level: 'silent' });

export type Cleanup = () => Promise<unknown>;
export type Recorder = ManagedProcess & { port: number };
type MeetingOptions = Parameters<ZoomSimulator['startMeeting']>[0];
type ManifestFile = RecordingManifest['files'][number];

export interface RecordingRig {
  /** RECORDING_DIR of the recorders (removed by the cleanups). */
  dir: string;
  sim: ZoomSimulator;
  /** Starts a recorder process (short checkpoint, lease TTL and claim interval for tests). */
  startRecorder(name: string): Promise<Recorder>;
  /** Starts a meeting with RTMS, stores its rtms_started, waits for the recorder's first stored part. */
  startMeeting(
    options: MeetingOptions,
  ): Promise<{ meeting: ReturnType<ZoomSimulator['startMeeting']>; streamId: string }>;
  /** Stops the stream's RTMS, stores the webhooks, waits for and parses manifest.json. */
  stopStream(streamId: string): Promise<{ manifest: RecordingManifest; stoppedAt: number }>;
  /** A manifest file's local bytes after checking them and the bucket's against the manifest's size and hash. */
  storedBytes(file: ManifestFile): Promise<Buffer>;
  /** Names of the stream's parts in the bucket now (a running recording's checkpoints). */
  partNames(streamId: string): Promise<string[]>;
}

/** The streams a recorder process writes (its GET /recordings/open). */
export async function writes(recorder: { port: number }): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${recorder.port}/recordings/open`).catch(() => undefined);
  return res?.ok ? ((await res.json()) as { open: string[] }).open : [];
}

/** Waits until `ms` have passed since `since` (media time passes by the wall clock in the simulator). */
export const waitUntil = (since: number, ms: number, what: string) =>
  waitFor(() => Date.now() - since >= ms, { what, timeoutMs: ms + 10_000 });

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function startRecordingRig(o: {
  nats: NatsContext;
  /** The connector's env beyond credentials, recording on and test timings (RTMS_MEDIA_TYPES, codecs…). */
  connectorEnv: Record<string, string>;
  cleanups: Cleanup[];
  /** How the simulator bends the protocol (docs/zoom-simulator.md, "Peer variants"). */
  simPeer?: PeerVariants;
}): Promise<RecordingRig> {
  const { nats, cleanups } = o;
  const dir = await mkdtemp(path.join(tmpdir(), 'recorder-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await provisionTopology(nats.nc, connectorTopology(2000, { mediaRetentionMs: 15 * 60_000 }), logger);
  const sim = await startZoomSimulator({
    webhookUrl: null,
    keepAliveIntervalMs: 1000,
    ...(o.simPeer ? { peer: o.simPeer } : {}),
  });
  cleanups.push(() => sim.close());
  let sent = 0;
  const pump = async () => {
    for (const w of sim.webhooks.slice(sent))
      await nats.js.publish(Subjects.webhook(w.event), w.body, { msgID: webhookMessageId(w.body) });
    sent = sim.webhooks.length;
  };
  const config = loadConfig({
    ZOOM_CLIENT_ID: sim.credentials.clientId,
    ZOOM_CLIENT_SECRET: sim.credentials.clientSecret,
    RTMS_ALLOW_INSECURE_WS: 'true',
    RTMS_RECORDING: 'true',
    RTMS_CLAIM_INTERVAL_MS: '100',
    PORT: '0',
    HOST: '127.0.0.1',
    ...o.connectorEnv,
  });
  const connector = buildConnector({
    config,
    logger,
    nc: await nats.connect('connector'),
    replicaId: 'rec-test',
  });
  cleanups.push(() => connector.close());
  await connector.start();
  const bucket = async () => new Objm(nats.nc).open(ObjectStores.recordings);

  return {
    dir,
    sim,
    async startRecorder(name) {
      const proc = await startServiceProcess({
        packageDir,
        name,
        natsUrl: nats.url,
        env: {
          RECORDING_DIR: dir,
          RECORDING_CHECKPOINT_MS: String(CHECKPOINT_MS),
          RECORDING_LEASE_TTL_MS: '2000',
          RECORDING_CLAIM_INTERVAL_MS: '200',
        },
        readyLine: /media recorder listening/,
      });
      cleanups.push(() => proc.stop('SIGKILL'));
      return proc;
    },
    async startMeeting(options) {
      const meeting = sim.startMeeting(options);
      const streamId = meeting.streamIds[0] as string;
      await waitFor(() => sim.webhooks.some((w) => w.event.endsWith('.rtms_started')), {
        what: 'rtms_started',
      });
      await pump();
      await waitFor(
        async () =>
          (await (await bucket()).list().catch(() => [])).some((i) =>
            i.name.startsWith(`${streamId}/parts/`),
          ),
        { what: 'a part stored', timeoutMs: 15_000 },
      );
      return { meeting, streamId };
    },
    async stopStream(streamId) {
      const stoppedAt = Date.now();
      sim.stopRtms(streamId);
      await pump();
      const manifestPath = path.join(dir, streamId, 'manifest.json');
      await waitFor(() => existsSync(manifestPath), { what: 'manifest.json', timeoutMs: 15_000 });
      const local = await readFile(manifestPath);
      const stored = await (await bucket()).getBlob(`${streamId}/manifest.json`);
      expect(sha256(stored ?? new Uint8Array()), 'the bucket holds the same manifest').toBe(sha256(local));
      return { manifest: RecordingManifest.parse(JSON.parse(local.toString('utf8'))), stoppedAt };
    },
    async partNames(streamId) {
      const infos = await (await bucket()).list();
      return infos.filter((i) => !i.deleted && i.name.startsWith(`${streamId}/parts/`)).map((i) => i.name);
    },
    async storedBytes(file) {
      const local = await readFile(path.join(dir, file.name));
      const stored = await (await bucket()).getBlob(file.name);
      expect([sha256(local), local.length], file.name).toEqual([file.sha256, file.bytes]);
      expect(stored && sha256(stored), `${file.name} in the bucket`).toBe(file.sha256);
      return local;
    },
  };
}
