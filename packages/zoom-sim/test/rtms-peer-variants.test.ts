import { waitFor } from '@rtms/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type PeerVariants, startZoomSimulator, type ZoomSimulator } from '../src/index.js';
import { connectSignaling, type Msg, openSock, runSession } from './helpers/rtms-client.js';
import { liveStream } from './helpers/sim.js';

// Peer variants (docs/zoom-simulator.md): the server bends the protocol the ways Zoom's own public tooling
// does, so a client's tolerance can be tested. Observed with the independent client.

let sim: ZoomSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simWith(peer: PeerVariants) {
  sim = await startZoomSimulator({ seed: 'peer-variants', webhookUrl: null, keepAliveIntervalMs: 50, peer });
  return sim;
}

const audioSpec = [{ key: 'audio', media_type: 1 }];
const stoppedWebhooks = (s: ZoomSimulator, streamId: string) =>
  s.webhooks.filter(
    (w) => w.event.endsWith('.rtms_stopped') && w.envelope.payload.rtms_stream_id === streamId,
  );

describe('peer variants - media handshake', () => {
  it('peer variants - mediaHandshakeAnswer false: no msg 4, data flows at once, a later ACK is accepted', async () => {
    const s = await simWith({ mediaHandshakeAnswer: false });
    const { payload, streamId } = await liveStream(s);
    const { signaling, handshake, uuid, signature } = await connectSignaling(payload, s.credentials);
    const media = await openSock(handshake.media_server.server_urls.audio);
    media.send({
      msg_type: 3,
      protocol_version: 1,
      sequence: 0,
      meeting_uuid: uuid,
      rtms_stream_id: streamId,
      signature,
      media_type: 1,
    });
    await media.next((m) => m.msg_type === 14, 'audio without a handshake answer');
    expect(media.frames.some((m) => m.msg_type === 4)).toBe(false);
    signaling.send({ msg_type: 7, rtms_stream_id: streamId });
    await waitFor(() => s.stream(streamId)?.stats.readyAcks === 1);
    expect(s.stream(streamId)?.stats).toMatchObject({ mediaHandshakes: 1, signalingHandshakes: 1 });
    expect(s.protocolErrors.filter((e) => e.streamId === streamId)).toEqual([]);
    media.close();
    signaling.close();
  });

  it('peer variants - closeMediaAfterHandshake: msg 4, then the server closes the media socket', async () => {
    const s = await simWith({ closeMediaAfterHandshake: true });
    const { payload, streamId } = await liveStream(s);
    const session = await runSession(payload, s.credentials, audioSpec);
    expect(session.mediaResponses.get('audio')?.status_code).toBe(0);
    expect((await session.media.get('audio')?.waitClosed())?.code).toBe(1000);
    await waitFor(() => s.stream(streamId)?.stats.closesBeforeStop === 1);
    expect(s.stream(streamId)?.mediaSockets).toEqual([]);
    session.close();
  });
});

describe('peer variants - keep-alives', () => {
  const shapes = [
    ['no-timestamp', (m: Msg) => !('timestamp' in m)],
    ['string-timestamp', (m: Msg) => typeof m.timestamp === 'string'],
    ['extra-fields', (m: Msg) => typeof m.timestamp === 'number' && Object.keys(m).length > 2],
  ] as const;
  for (const [shape, looksRight] of shapes) {
    it(`peer variants - keepAliveShape ${shape}: sent in that shape, an answer keeps the socket`, async () => {
      const s = await simWith({ keepAliveShape: shape });
      const { payload, streamId } = await liveStream(s);
      const session = await runSession(payload, s.credentials, audioSpec);
      // More rounds than the three misses that would cut the socket off.
      await waitFor(() => (s.stream(streamId)?.stats.keepAlivesAnswered ?? 0) >= 10);
      const requests = session.signaling.frames.filter((m) => m.msg_type === 12);
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every(looksRight)).toBe(true);
      expect(session.signaling.closed).toBeUndefined();
      expect(s.stream(streamId)?.stats.closesBeforeStop).toBe(0);
      session.close();
    });
  }
});

describe('peer variants - stop notices', () => {
  it('peer variants - stopNotice media: TERMINATED only on media sockets, no webhook when stopWebhook is false', async () => {
    const s = await simWith({ stopNotice: 'media', stopWebhook: false });
    const { payload, streamId } = await liveStream(s);
    const session = await runSession(payload, s.credentials, audioSpec);
    s.stopRtms(streamId, 1);
    const audio = session.media.get('audio');
    await audio?.next((m) => m.msg_type === 8 && m.state === 4 && m.reason === 1, 'TERMINATED on media');
    await session.signaling.waitClosed();
    const stopOnSignaling = (m: Msg) => m.msg_type === 8 || (m.msg_type === 9 && m.state === 5);
    expect(session.signaling.frames.filter(stopOnSignaling)).toEqual([]);
    expect(stoppedWebhooks(s, streamId)).toEqual([]);
  });

  it('peer variants - stopNotice session: SESSION_STATE_UPDATE STOPPED only; a handshake afterwards is counted', async () => {
    const s = await simWith({ stopNotice: 'session' });
    const { payload, streamId } = await liveStream(s);
    const session = await runSession(payload, s.credentials, audioSpec);
    s.stopRtms(streamId, 6);
    await session.signaling.next((m) => m.msg_type === 9 && m.state === 5 && m.stop_reason === 6, 'STOPPED');
    await session.signaling.waitClosed();
    expect(session.signaling.frames.some((m) => m.msg_type === 8)).toBe(false);
    expect(stoppedWebhooks(s, streamId)).toHaveLength(1);
    const again = await connectSignaling(payload, s.credentials);
    expect(again.handshake.status_code).not.toBe(0);
    expect(s.stream(streamId)?.stats).toMatchObject({ handshakesAfterStop: 1, closesBeforeStop: 0 });
  });
});

describe('peer variants - field names', () => {
  it('peer variants - stateFields variant: session_id/reason and stop_reason spellings plus an unnamed field', async () => {
    const s = await simWith({ stateFields: 'variant' });
    const { payload, streamId } = await liveStream(s);
    const session = await runSession(payload, s.credentials, audioSpec);
    const started = await session.signaling.next((m) => m.msg_type === 9 && m.state === 2, 'session started');
    expect(started).toMatchObject({ reason: 0, server_note: 'variant' });
    expect(typeof started.session_id).toBe('string');
    expect(started.rtms_session_id).toBeUndefined();
    s.stopRtms(streamId, 6);
    const terminated = await session.signaling.next((m) => m.msg_type === 8 && m.state === 4, 'TERMINATED');
    expect(terminated).toMatchObject({ stop_reason: 6, server_note: 'variant' });
    expect(terminated.reason).toBeUndefined();
  });
});

describe('peer variants - H.264 framing', () => {
  it('peer variants - h264ParameterSetsApart video: SPS+PPS then the IDR slice, two messages of one timestamp', async () => {
    const s = await simWith({ h264ParameterSetsApart: ['video'] });
    const { payload } = await liveStream(s, { media: { audio: true, video: true } });
    const session = await runSession(payload, s.credentials, [
      { key: 'video', media_type: 2, media_params: { video: { codec: 7, fps: 10 } } },
    ]);
    try {
      const video = session.media.get('video');
      const frames = () => (video?.frames ?? []).filter((m) => m.msg_type === 15);
      await waitFor(() => frames().length >= 6, { what: 'six video messages' });
      // NAL unit types of each message: pairs of [SPS, PPS] and [IDR] with the same timestamp.
      const messages = frames()
        .slice(0, 6)
        .map((m) => ({
          ts: m.content.timestamp,
          nal: (Buffer.from(m.content.data, 'base64')[4] as number) & 0x1f,
        }));
      for (let i = 0; i < 6; i += 2) {
        expect([messages[i]?.nal, messages[i + 1]?.nal]).toEqual([7, 5]);
        expect(messages[i + 1]?.ts).toBe(messages[i]?.ts);
      }
      expect(messages[2]?.ts).toBeGreaterThan(messages[0]?.ts as number);
    } finally {
      session.close();
    }
  });
});
