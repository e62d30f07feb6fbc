import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type JetStreamManager, jetstreamManager, type StreamInfo } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, freePorts, startProcess, waitFor } from '@rtms/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoProcessLeft, localNatsAdmin, waitForDemoMeeting } from '../src/npm-start.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'rtms-e2e-cluster-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const SIZE = 3;

/** Moves every port of `npm start` (the cluster's client and route port ranges too) to free ones. */
async function isolatedEnv(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    RTMS_DATA_DIR: dataDir,
    NATS_URL: '',
    NATS_REPLICAS: '',
    NATS_CLUSTER: String(SIZE),
    NO_COLOR: '1',
    CI: '',
  };
  env.NATS_PORT = String(await freePorts(SIZE));
  env.NATS_CLUSTER_PORT = String(await freePorts(SIZE));
  for (const name of [
    'SIM_PORT',
    'WEBHOOK_GATEWAY_PORT',
    'ZOOM_API_PORT',
    'STREAM_CONNECTOR_PORT',
    'TRANSCRIPT_SINK_PORT',
    'MEDIA_RECORDER_PORT',
  ]) {
    env[name] = String(await freePort());
  }
  return env;
}

async function streamInfos(jsm: JetStreamManager): Promise<StreamInfo[]> {
  const infos: StreamInfo[] = [];
  for await (const info of jsm.streams.list()) infos.push(info);
  return infos;
}

/** What the test expects of every stream: R<SIZE>, a leader and SIZE - 1 other replicas. */
const placement = (info: StreamInfo) => ({
  replicas: info.config.num_replicas,
  leader: Boolean(info.cluster?.leader),
  followers: info.cluster?.replicas?.length ?? 0,
});

describe('e2e - npm start with NATS_CLUSTER', () => {
  it('refuses a cluster size other than 3 or 5, naming the allowed values', async () => {
    const proc = startProcess({
      name: 'npm-start',
      command: process.execPath,
      args: ['scripts/start.mjs', '--exit-when-ready'],
      cwd: root,
      env: { ...(await isolatedEnv()), NATS_CLUSTER: '2' },
    });
    const { code } = await proc.exited;
    const output = proc.lines.join('\n');
    expect(code, output).toBe(1);
    expect(output).toMatch(/NATS_CLUSTER=2 is not supported: set it to 3 or 5/);
  });

  it('runs the demo meeting on a 3-node cluster with every stream and bucket R3, then Ctrl-C stops all', async () => {
    const env = await isolatedEnv();
    const proc = startProcess({
      name: 'npm-start',
      command: process.execPath,
      args: ['scripts/start.mjs'],
      cwd: root,
      env,
    });
    const urls = Array.from({ length: SIZE }, (_, i) => `nats://127.0.0.1:${Number(env.NATS_PORT) + i}`);
    try {
      await proc.waitForLine(/==> Ready/, 180_000);
      const output = proc.lines.join('\n');
      for (const [i, url] of urls.entries()) {
        expect(output).toMatch(new RegExp(`nats-${i + 1} listening on ${url.replaceAll('.', '\\.')}`));
      }
      expect(output).toMatch(/JetStream cluster rtms-local ready \(meta leader rtms-local-\d\)/);

      // Every stream the services provisioned, KV buckets' KV_ streams included, is replicated on all nodes.
      const nc = await connect({ servers: urls, ...localNatsAdmin(dataDir) });
      try {
        const jsm = await jetstreamManager(nc);
        let infos: StreamInfo[] = [];
        await waitFor(
          async () => {
            infos = await streamInfos(jsm);
            return infos.length > 0 && infos.every((i) => i.cluster?.leader && i.cluster.replicas?.length);
          },
          { timeoutMs: 20_000, intervalMs: 250, what: 'a leader and replicas for every stream' },
        ).catch(() => undefined); // the assertions below show what is missing
        const names = infos.map((i) => i.config.name);
        expect(names).toEqual(
          expect.arrayContaining(['ZOOM_WEBHOOKS', 'RTMS_TRANSCRIPTS', 'KV_rtms-streams', 'KV_rtms-leases']),
        );
        expect(Object.fromEntries(infos.map((i) => [i.config.name, placement(i)]))).toEqual(
          Object.fromEntries(names.map((n) => [n, { replicas: SIZE, leader: true, followers: SIZE - 1 }])),
        );
      } finally {
        await nc.close();
      }

      // The simulator's demo meeting, as in npm-start.test.ts: transcripts reach the sink, the delayed stop fires.
      await waitForDemoMeeting(proc);
    } finally {
      const { code } = await proc.stop('SIGINT', 45_000);
      expect(code, proc.lines.slice(-30).join('\n')).toBe(130);
    }
    expectNoProcessLeft(proc, SIZE + 2);
  });
});
