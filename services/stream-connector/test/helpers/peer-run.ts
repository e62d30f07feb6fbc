import { MediaHeaders, SubjectPatterns } from '@rtms/contracts';
import { type NatsContext, waitFor } from '@rtms/testkit';
import type { StreamInfo } from '@rtms/zoom-sim';
import { expect } from 'vitest';
import { leaseOwner, lifecycleOf, type Stack, transcriptsOf } from './harness.js';
import { type Replica, spawnReplica } from './replica.js';

// The built connector against a simulator that bends the protocol (docs/zoom-simulator.md, "Peer
// variants"): one stream with audio and transcript over split sockets, and what a clean run must show.

/** Signaling + audio + transcript. */
const SOCKETS = 3;

export interface PeerRun {
  replica: Replica;
  streamId: string;
  /** `Rtms-Timestamp` of every audio frame published for the stream. */
  audio: string[];
}

/** Starts a replica process, then a meeting with RTMS; audio frames are recorded from the first one. */
async function startPeerRun(
  stack: Stack,
  nats: NatsContext,
  env: Record<string, string> = {},
): Promise<PeerRun> {
  const replica = await spawnReplica(stack, nats, 'peer', { RTMS_MEDIA_TYPES: 'audio,transcript', ...env });
  const audio: string[] = [];
  const streamIdOf = (subject: string) => subject.slice(subject.lastIndexOf('.') + 1);
  const run: PeerRun = { replica, streamId: '', audio };
  const sub = nats.nc.subscribe(SubjectPatterns.audio, {
    callback: (_err, msg) => {
      if (streamIdOf(msg.subject) === run.streamId)
        audio.push(msg.headers?.get(MediaHeaders.timestamp) ?? '');
    },
  });
  await nats.nc.flush();
  run.streamId = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 }).streamIds[0] ?? '';
  void sub;
  return run;
}

const info = (stack: Stack, streamId: string) => stack.sim.stream(streamId) as StreamInfo;

/** Waits until every socket of the stream has answered two keep-alives and transcripts are stored. */
export async function liveForTwoKeepAlives(stack: Stack, nats: NatsContext, streamId: string) {
  await waitFor(() => (info(stack, streamId)?.stats.keepAlivesAnswered ?? 0) >= 2 * SOCKETS, {
    timeoutMs: 15_000,
    what: 'two keep-alive periods answered on every socket',
  });
  await waitFor(async () => (await transcriptsOf(nats, streamId)).length >= 1, { what: 'a transcript' });
}

/** Waits for the stream's `stopped` lifecycle and its lease to be released; returns the lifecycle. */
export async function stoppedAndReleased(nats: NatsContext, streamId: string) {
  const lifecycle = await waitFor(
    async () => {
      const l = await lifecycleOf(nats, streamId);
      return l.some((x) => x.state === 'stopped') && l;
    },
    { timeoutMs: 20_000, what: `${streamId} stopped` },
  );
  await waitFor(async () => (await leaseOwner(nats, streamId)) === undefined, { what: 'lease released' });
  return lifecycle;
}

/**
 * What a clean run shows once the stream stopped: every transcript segment and audio frame the server sent
 * published exactly once, one CLIENT_READY_ACK per media handshake, one signaling and one handshake per media
 * socket, no socket closed before the stop.
 */
async function expectEverythingOnce(stack: Stack, nats: NatsContext, run: PeerRun) {
  const sent = info(stack, run.streamId);
  expect(sent.state).toBe('stopped');
  const segments = await waitFor(
    async () => {
      const t = await transcriptsOf(nats, run.streamId);
      return t.length >= sent.framesSent.transcript && t;
    },
    { what: `${sent.framesSent.transcript} transcript segments stored` },
  );
  expect(segments.length).toBe(sent.framesSent.transcript);
  expect(new Set(segments.map((s) => s.segmentId)).size).toBe(segments.length);
  await waitFor(() => run.audio.length >= sent.framesSent.audio, {
    what: `${sent.framesSent.audio} audio frames published`,
  });
  expect(sent.framesSent.audio).toBeGreaterThan(0);
  expect(run.audio.length).toBe(sent.framesSent.audio);
  expect(new Set(run.audio).size).toBe(run.audio.length);
  expect(sent.stats).toMatchObject({
    signalingHandshakes: 1,
    mediaHandshakes: SOCKETS - 1,
    readyAcks: SOCKETS - 1,
    closesBeforeStop: 0,
    handshakesAfterStop: 0,
  });
}

/**
 * The simulator stops the stream (`stopReason` not a restart reason): the connector publishes `stopped` with
 * it (and nothing between `connected` and `stopped`), releases the lease, and published everything once.
 */
export async function stopCleanly(stack: Stack, nats: NatsContext, run: PeerRun, stopReason: number) {
  stack.sim.stopRtms(run.streamId, stopReason);
  const lifecycle = await stoppedAndReleased(nats, run.streamId);
  expect(lifecycle.at(-1)).toMatchObject({ state: 'stopped', stopReason, reason: 'stream_terminated' });
  expect(lifecycle.map((l) => l.state)).toEqual(['connecting', 'connected', 'stopped']);
  await expectEverythingOnce(stack, nats, run);
}

/** Runs `body` with a peer run; the replica process is stopped afterwards, whatever happened. */
export async function withPeerRun(
  stack: Stack,
  nats: NatsContext,
  env: Record<string, string>,
  body: (run: PeerRun) => Promise<void>,
) {
  const run = await startPeerRun(stack, nats, env);
  try {
    await body(run);
  } finally {
    await run.replica.stop();
  }
}

/**
 * Nothing reconnects to a stopped stream: a second stream on the same replica is carried through two
 * keep-alive periods (far longer than any reconnect delay), and the stopped one saw no handshake meanwhile.
 */
export async function expectNoReconnectAfterStop(stack: Stack, nats: NatsContext, stoppedId: string) {
  const witness = stack.sim.startMeeting({ autoRtms: true, msPerWord: 60 }).streamIds[0] ?? '';
  await liveForTwoKeepAlives(stack, nats, witness);
  expect(info(stack, stoppedId).stats.handshakesAfterStop).toBe(0);
  expect(info(stack, stoppedId).signalingConnected).toBe(false);
}
