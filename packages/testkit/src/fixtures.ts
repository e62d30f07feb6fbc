import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { test } from 'vitest';
import { resetJetStream } from './jetstream-reset.js';
import { type NatsCluster, startNatsCluster } from './nats-cluster.js';
import { type ProvidedNats, provideBinary, provideNats } from './nats-provider.js';
import type { NatsServerProcess } from './nats-server-process.js';

export interface NatsContext {
  /** Client URL(s), comma-separated for a cluster (what a service takes as NATS_URL). */
  url: string;
  mode: ProvidedNats['mode'] | 'cluster';
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Opens another client connection, closed after the test. */
  connect(name?: string): Promise<NatsConnection>;
}

async function openContext(
  provided: { url: string; mode: NatsContext['mode'] },
  reset: boolean,
  use: (ctx: NatsContext) => Promise<void>,
) {
  const opened: NatsConnection[] = [];
  const open = async (name = 'test') => {
    const nc = await connect({
      servers: provided.url.split(','),
      name,
      reconnectTimeWait: 100,
      maxReconnectAttempts: -1,
    });
    opened.push(nc);
    return nc;
  };
  const nc = await open('test-main');
  if (reset) await resetJetStream(nc);
  try {
    await use({
      url: provided.url,
      mode: provided.mode,
      nc,
      js: jetstream(nc),
      jsm: await jetstreamManager(nc),
      connect: open,
    });
  } finally {
    await Promise.allSettled(opened.map((c) => c.close()));
  }
}

/**
 * `natsTest`: one NATS per vitest worker (NATS_URL, container, or binary), JetStream emptied before each
 * test. Tests in a file run one after another, so this isolation holds.
 */
export const natsTest = test.extend<{ $test: { nats: NatsContext }; $worker: { sharedNats: ProvidedNats } }>({
  sharedNats: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest requires object destructuring for fixtures
    async ({}, use) => {
      const provided = await provideNats();
      try {
        await use(provided);
      } finally {
        await provided.dispose();
      }
    },
    { scope: 'worker' },
  ],
  nats: async ({ sharedNats }, use) => {
    await openContext(sharedNats, true, use);
  },
});

/**
 * `isolatedNatsTest`: an own nats-server process per test, which the test may stop, kill and start again
 * (`natsServer`). For tests that leave background work running or break the server on purpose.
 */
export const isolatedNatsTest = test.extend<{ $test: { natsServer: NatsServerProcess; nats: NatsContext } }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest requires object destructuring for fixtures
  natsServer: async ({}, use) => {
    const provided = await provideBinary();
    try {
      await use(provided.server);
    } finally {
      await provided.dispose();
    }
  },
  nats: async ({ natsServer }, use) => {
    await openContext({ url: natsServer.url, mode: 'binary' }, false, use);
  },
});

/**
 * `clusterNatsTest`: an own 3-node nats-server cluster per test (`natsCluster`), whose nodes the test may kill,
 * restart and partition; `nats` connects to all of them.
 */
export const clusterNatsTest = test.extend<{ $test: { natsCluster: NatsCluster; nats: NatsContext } }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest requires object destructuring for fixtures
  natsCluster: async ({}, use) => {
    const cluster = await startNatsCluster({ size: 3 });
    try {
      await use(cluster);
    } finally {
      await cluster.dispose();
    }
  },
  nats: async ({ natsCluster }, use) => {
    await openContext({ url: natsCluster.url, mode: 'cluster' }, false, use);
  },
});
