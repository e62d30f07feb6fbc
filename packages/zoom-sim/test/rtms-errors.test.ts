import { waitFor } from '@rtms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import {
  connectMedia,
  connectSignaling,
  type Msg,
  openSock,
  runSession,
  sign,
} from './helpers/rtms-client.js';
import { liveStream } from './helpers/sim.js';

// Bad handshakes get a handshake response with the compact status code and a reason, then a close; bad
// frames on an established socket are ignored; nothing crashes the simulator.

let sim: ZoomSimulator;

beforeAll(async () => {
  sim = await startZoomSimulator({ seed: 'error-tests', webhookUrl: null, maxClientFrameBytes: 4096 });
});
afterAll(async () => {
  await sim.close();
});

async function rejectedSignaling(url: string, frame: Msg | string) {
  const sock = await openSock(url);
  sock.send(frame);
  const resp = await sock.next((m) => m.msg_type === 2, 'handshake response');
  const closed = await sock.waitClosed();
  return { resp, closed };
}

describe('errors - signaling handshake', () => {
  it('errors - bad signature, unknown stream, wrong uuid, bad protocol version, invalid JSON', async () => {
    const { payload, streamId } = await liveStream(sim);
    const url = payload.server_urls;
    const uuid = payload.meeting_uuid as string;
    const good = sign(sim.credentials.clientId, sim.credentials.clientSecret, uuid, streamId);
    const base = { msg_type: 1, meeting_uuid: uuid, rtms_stream_id: streamId, signature: good };
    const badSig = await rejectedSignaling(url, { ...base, signature: sign('x', 'y', uuid, streamId) });
    expect(badSig.resp).toMatchObject({ status_code: 3, reason: 'invalid signature' });
    expect(badSig.closed.code).toBe(1008);
    expect((await rejectedSignaling(url, { ...base, rtms_stream_id: 'f'.repeat(32) })).resp.status_code).toBe(
      2,
    );
    expect((await rejectedSignaling(url, { ...base, meeting_uuid: 'other==' })).resp.status_code).toBe(2);
    expect((await rejectedSignaling(url, { ...base, protocol_version: 2 })).resp.status_code).toBe(4);
    expect((await rejectedSignaling(url, '{not json')).resp.status_code).toBe(4);
    expect((await rejectedSignaling(url, { ...base, msg_type: 7 })).resp.status_code).toBe(1);
    expect((await rejectedSignaling(url, { ...base, rtms_stream_id: 42 })).resp.status_code).toBe(2);
    // The stream is untouched by all that: a correct handshake still works.
    const ok = await connectSignaling(payload, sim.credentials);
    expect(ok.handshake.status_code).toBe(0);
    ok.signaling.close();
  });

  it('errors - a second signaling connection for a live stream is a duplicate signal request', async () => {
    const { payload } = await liveStream(sim);
    const first = await connectSignaling(payload, sim.credentials);
    try {
      const second = await connectSignaling(payload, sim.credentials);
      expect(second.handshake.status_code).toBe(8);
      expect(second.handshake.reason).toContain('duplicate signal request');
      await second.signaling.waitClosed();
      expect(first.signaling.closed).toBeUndefined();
    } finally {
      first.signaling.close();
    }
  });
});

describe('errors - media handshake', () => {
  it('errors - duplicates, all-conflicts, bad media_type and params', async () => {
    const { payload, streamId } = await liveStream(sim);
    const uuid = payload.meeting_uuid as string;
    const sig = sign(sim.credentials.clientId, sim.credentials.clientSecret, uuid, streamId);
    const session = await runSession(payload, sim.credentials, [{ key: 'audio', media_type: 1 }]);
    const media = (key: string, media_type: unknown, media_params?: Msg) =>
      connectMedia(
        session.signaling,
        session.handshake,
        payload,
        uuid,
        sig,
        { key, media_type: media_type as number, media_params },
        { ready: false },
      );
    try {
      expect((await media('audio', 1)).resp.status_code).toBe(16);
      expect((await media('audio', 9)).resp.status_code).toBe(16);
      expect((await media('all', 32)).resp.status_code).toBe(15);
      expect((await media('video', 0)).resp.status_code).toBe(14);
      expect((await media('video', 'two')).resp.status_code).toBe(7);
      expect((await media('video', 2, { video: { codec: 5, fps: 10 } })).resp.status_code).toBe(30);
      expect((await media('transcript', 8, { transcript: { src_language: 99 } })).resp.status_code).toBe(43);
      expect((await media('video', 2, { video: 'hd' })).resp.status_code).toBe(25);
      const rejected = await media('video', 2, { audio: { send_rate: 30 } });
      expect(rejected.resp.status_code).toBe(0); // audio params are ignored on a video-only socket
      rejected.sock.close();
      const badRate = await connectMedia(
        session.signaling,
        session.handshake,
        { ...payload },
        uuid,
        sig,
        { key: 'transcript', media_type: 8, media_params: { transcript: { content_type: 2 } } },
        { ready: false },
      );
      expect(badRate.resp).toMatchObject({ status_code: 37 });
      await badRate.sock.waitClosed();
    } finally {
      session.close();
    }
  });

  it('errors - a media handshake without a signaling connection is refused', async () => {
    const { payload, streamId } = await liveStream(sim);
    const uuid = payload.meeting_uuid as string;
    const sig = sign(sim.credentials.clientId, sim.credentials.clientSecret, uuid, streamId);
    const url = payload.server_urls.replace(/signaling$/, 'media/audio');
    const sock = await openSock(url);
    sock.send({ msg_type: 3, meeting_uuid: uuid, rtms_stream_id: streamId, signature: sig, media_type: 1 });
    expect(await sock.next((m) => m.msg_type === 4)).toMatchObject({ status_code: 2 });
  });
});

describe('errors - bad frames never crash', () => {
  it('errors - garbage after the handshake is ignored; oversize frames close with 1009', async () => {
    const { payload, streamId } = await liveStream(sim);
    const session = await runSession(payload, sim.credentials, [{ key: 'audio', media_type: 1 }]);
    try {
      const before = sim.stream(streamId);
      session.signaling.send('{oops');
      session.signaling.send({ msg_type: 99 });
      session.signaling.send({ msg_type: 5, events: 'all' });
      session.signaling.send({ msg_type: 7, rtms_stream_id: 'nope' });
      session.signaling.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      session.media.get('audio')?.send('[]');
      session.signaling.send({ msg_type: 19, rtms_stream_id: streamId });
      await session.signaling.next((m) => m.msg_type === 20, 'stream state response');
      expect(session.signaling.closed).toBeUndefined();
      expect(sim.stream(streamId)?.state).toBe(before?.state);
      const reasons = sim.protocolErrors.filter((e) => e.streamId === streamId).map((e) => e.reason);
      expect(reasons).toEqual(
        expect.arrayContaining([
          'unexpected msg_type 99 on signaling',
          'CLIENT_READY_ACK for another stream',
        ]),
      );
      expect(reasons.length).toBeGreaterThanOrEqual(6);
      const big = await openSock(payload.server_urls);
      big.send('x'.repeat(10_000));
      expect((await big.waitClosed()).code).toBe(1009);
      // Still serving: audio keeps flowing to the client.
      const n = session.media.get('audio')?.frames.length ?? 0;
      await waitFor(() => (session.media.get('audio')?.frames.length ?? 0) > n);
    } finally {
      session.close();
    }
  });

  it('errors - unknown websocket paths are refused', async () => {
    await expect(openSock(`${sim.wsUrl}/rtms/nope`)).rejects.toThrow();
  });
});
