import { createHmac } from 'node:crypto';
import { waitFor } from '@rtms/testkit';
import WebSocket from 'ws';

// An independent, minimal RTMS client written from docs/rtms-protocol.md for these tests. It shares no
// code with @rtms/zoom-protocol or the stream-connector on purpose: its own signature, its own frames.

// biome-ignore lint/suspicious/noExplicitAny: frames are whatever the server sent
export type Msg = Record<string, any>;

export const sign = (clientId: string, secret: string, uuid: string, streamId: string) =>
  createHmac('sha256', secret).update(`${clientId},${uuid},${streamId}`).digest('hex');

export interface Sock {
  ws: WebSocket;
  frames: Msg[];
  /** Raw text of every frame, in order. */
  raw: string[];
  closed: { code: number; reason: string } | undefined;
  /** Answer KEEP_ALIVE_REQ (12) with 13 and the same timestamp. */
  answerKeepAlives: boolean;
  send(m: Msg | string): void;
  next(pred: (m: Msg) => boolean, what?: string, timeoutMs?: number): Promise<Msg>;
  waitClosed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openSock(url: string, answerKeepAlives = true): Promise<Sock> {
  const ws = new WebSocket(url);
  const sock: Sock = {
    ws,
    frames: [],
    raw: [],
    closed: undefined,
    answerKeepAlives,
    send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
    next: (pred, what = 'frame', timeoutMs = 5000) =>
      waitFor(() => sock.frames.find(pred), { what, timeoutMs, intervalMs: 5 }),
    waitClosed: (timeoutMs = 5000) =>
      waitFor(() => sock.closed, { what: 'socket close', timeoutMs, intervalMs: 5 }),
    close: () => ws.close(),
  };
  ws.on('message', (data) => {
    const text = data.toString();
    sock.raw.push(text);
    const msg = JSON.parse(text) as Msg;
    sock.frames.push(msg);
    if (msg.msg_type === 12 && sock.answerKeepAlives)
      ws.send(JSON.stringify({ msg_type: 13, timestamp: msg.timestamp }));
  });
  ws.on('close', (code, reason) => {
    sock.closed = { code, reason: reason.toString() };
  });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return sock;
}

export interface Creds {
  clientId: string;
  clientSecret: string;
}

export interface StartedPayload {
  meeting_uuid?: string;
  webinar_uuid?: string;
  session_id?: string;
  rtms_stream_id: string;
  server_urls: string;
}

export interface MediaSpec {
  /** Key in media_server.server_urls. */
  key: string;
  media_type: number;
  media_params?: Msg;
}

export interface Session {
  signaling: Sock;
  handshake: Msg;
  media: Map<string, Sock>;
  mediaResponses: Map<string, Msg>;
  close(): void;
}

/** Signaling handshake with protocol_version/sequence (unless `minimal`), returning the socket and msg 2. */
export async function connectSignaling(
  p: StartedPayload,
  creds: Creds,
  opts: { minimal?: boolean; subscribe?: number[] } = {},
) {
  const uuid = (p.meeting_uuid ?? p.webinar_uuid ?? p.session_id) as string;
  const url = p.server_urls.split(',')[0]?.trim() as string;
  const signaling = await openSock(url);
  const signature = sign(creds.clientId, creds.clientSecret, uuid, p.rtms_stream_id);
  const base = { msg_type: 1, meeting_uuid: uuid, rtms_stream_id: p.rtms_stream_id, signature };
  signaling.send(opts.minimal ? base : { ...base, protocol_version: 1, sequence: 1, buffer_data: false });
  const handshake = await signaling.next((m) => m.msg_type === 2, 'signaling handshake response');
  if (handshake.status_code === 0 && opts.subscribe?.length) {
    signaling.send({
      msg_type: 5,
      events: opts.subscribe.map((event_type) => ({ event_type, subscribe: true })),
    });
  }
  return { signaling, handshake, uuid, signature };
}

/** Opens one media socket on the URL from msg 2 and completes its handshake + CLIENT_READY_ACK. */
export async function connectMedia(
  signaling: Sock,
  handshake: Msg,
  p: StartedPayload,
  uuid: string,
  signature: string,
  spec: MediaSpec,
  opts: { minimal?: boolean; ready?: boolean } = {},
) {
  const url = handshake.media_server.server_urls[spec.key] as string;
  const sock = await openSock(url);
  const req: Msg = {
    msg_type: 3,
    meeting_uuid: uuid,
    rtms_stream_id: p.rtms_stream_id,
    signature,
    media_type: spec.media_type,
  };
  if (!opts.minimal) Object.assign(req, { protocol_version: 1, sequence: 0, payload_encryption: false });
  if (spec.media_params) req.media_params = spec.media_params;
  sock.send(req);
  const resp = await sock.next((m) => m.msg_type === 4, 'media handshake response');
  if (resp.status_code === 0 && opts.ready !== false)
    signaling.send({ msg_type: 7, rtms_stream_id: p.rtms_stream_id });
  return { sock, resp };
}

/** The whole chain: signaling, then each media socket in turn. */
export async function runSession(
  p: StartedPayload,
  creds: Creds,
  media: MediaSpec[],
  opts: { minimal?: boolean; subscribe?: number[] } = {},
): Promise<Session> {
  const { signaling, handshake, uuid, signature } = await connectSignaling(p, creds, opts);
  if (handshake.status_code !== 0)
    throw new Error(`signaling handshake failed: ${JSON.stringify(handshake)}`);
  const socks = new Map<string, Sock>();
  const responses = new Map<string, Msg>();
  for (const spec of media) {
    const { sock, resp } = await connectMedia(signaling, handshake, p, uuid, signature, spec, opts);
    socks.set(spec.key, sock);
    responses.set(spec.key, resp);
  }
  return {
    signaling,
    handshake,
    media: socks,
    mediaResponses: responses,
    close: () => {
      for (const s of socks.values()) s.close();
      signaling.close();
    },
  };
}
