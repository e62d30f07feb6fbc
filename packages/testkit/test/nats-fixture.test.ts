import { connect } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import {
  isolatedNatsTest,
  natsTest,
  provideBinary,
  provideNats,
  startNatsServer,
  waitFor,
} from '../src/index.js';

describe('testkit - binary mode', () => {
  it('spawns nats-server with JetStream on a random port and removes it on dispose', async () => {
    const provided = await provideBinary({ ...process.env, NATS_URL: '' });
    expect(provided.mode).toBe('binary');
    const nc = await connect({ servers: provided.url });
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const info = await (await jetstreamManager(nc)).getAccountInfo();
    expect(info.limits).toBeDefined();
    await nc.close();
    const pid = provided.server.pid;
    await provided.dispose();
    expect(pid).toBeTypeOf('number');
    expect(() => process.kill(pid as number, 0)).toThrow();
  });

  it('keeps the store across kill and start on the same port', async () => {
    const server = await startNatsServer();
    try {
      const nc = await connect({ servers: server.url });
      const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
      await (await jetstreamManager(nc)).streams.add({ name: 'KEEP', subjects: ['keep.>'] });
      await jetstream(nc).publish('keep.a', 'x');
      await nc.close();
      const port = server.port;
      await server.kill();
      await server.start();
      expect(server.port).toBe(port);
      const nc2 = await connect({ servers: server.url });
      const info = await (await jetstreamManager(nc2)).streams.info('KEEP');
      expect(info.state.messages).toBe(1);
      await nc2.close();
    } finally {
      await server.dispose();
    }
  });
});

describe('testkit - URL mode', () => {
  it('uses NATS_URL as given and starts nothing', async () => {
    const server = await startNatsServer();
    try {
      const provided = await provideNats({ ...process.env, NATS_URL: server.url });
      expect(provided).toMatchObject({ mode: 'url', url: server.url });
      const nc = await connect({ servers: provided.url });
      expect(nc.getServer()).toContain(String(server.port));
      await nc.close();
      await provided.dispose();
      // dispose in URL mode must not stop someone else's server
      const nc2 = await connect({ servers: server.url });
      await nc2.close();
    } finally {
      await server.dispose();
    }
  });
});

describe('testkit - fixtures', () => {
  natsTest('natsTest - gives a connected client with JetStream', async ({ nats }) => {
    await nats.jsm.streams.add({ name: 'ONE', subjects: ['one.>'] });
    const ack = await nats.js.publish('one.x', 'hello');
    expect(ack.stream).toBe('ONE');
  });

  natsTest('natsTest - starts each test with an empty JetStream', async ({ nats }) => {
    const names: string[] = [];
    for await (const n of nats.jsm.streams.names()) names.push(n);
    expect(names).toEqual([]);
  });

  isolatedNatsTest(
    'isolatedNatsTest - the test may stop and restart its own server',
    async ({ nats, natsServer }) => {
      await nats.jsm.streams.add({ name: 'ISO', subjects: ['iso.>'] });
      await natsServer.stop();
      await waitFor(() => nats.nc.isClosed() === false && nats.nc.getServer() !== '', { timeoutMs: 2000 });
      await natsServer.start();
      const ack = await waitFor(() => nats.js.publish('iso.a', 'x').catch(() => undefined), {
        timeoutMs: 10_000,
      });
      expect(ack.stream).toBe('ISO');
    },
  );
});

describe('testkit - waitFor', () => {
  it('returns the first truthy value and fails with the last error after the deadline', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
    await expect(
      waitFor(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 50, what: 'the impossible' },
      ),
    ).rejects.toThrow(/timed out after 50 ms waiting for the impossible/);
  });
});
