import {
  clientReadyAck,
  EventType,
  type Frame,
  type HandshakeIds,
  MsgType,
  pickSignalingUrl,
  StopReason,
  StreamState,
} from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import {
  HandshakeRejectedError,
  NoMediaUrlError,
  NoUsableServerUrlError,
  SocketClosedError,
} from '../errors.js';
import { type MediaSocketPlan, mediaUrlFor } from '../media/media-plan.js';
import type { ConnectorMetrics } from '../metrics.js';
import type { EventFields } from '../publish/json-publisher.js';
import { mediaHandshakeOn, signalingHandshakeOn } from '../ws/handshakes.js';
import { RtmsSocket, type SocketSettings } from '../ws/rtms-socket.js';
import { type BackoffSettings, backoffDelay } from './backoff.js';
import { eventOf } from './event-mapper.js';
import type { MediaFrameHandler } from './media-router.js';

// One connection of a stream: the signaling socket and its media sockets. open() runs the chain (signaling
// handshake, event subscription, every media handshake, a CLIENT_READY_ACK per media socket). Afterwards it
// keeps its media sockets up by itself (reconnect that socket only: recovery rule 3) and reports what its
// owner (StreamRunner) must decide: signaling lost, stream terminated.

export interface ConnectionSettings {
  socket: SocketSettings;
  bufferData: boolean;
  allowInsecure: boolean;
  backoff: BackoffSettings;
  keepAliveTimeoutMs: number;
}

export interface ConnectionEvents {
  signalingLost(cause: 'signaling_closed' | 'signaling_silent', detail: string): void;
  streamTerminated(stopReason: number | undefined): void;
  mediaDown(socket: string, cause: 'media_closed' | 'media_silent' | 'media_interrupted'): void;
  mediaUp(socket: string): void;
  event(fields: EventFields): void;
}

/** Events a connector subscribes to (§3.6): active speaker, participants, sharing. */
const SUBSCRIBED_EVENTS = [
  EventType.ACTIVE_SPEAKER_CHANGE,
  EventType.PARTICIPANT_JOIN,
  EventType.PARTICIPANT_LEAVE,
  EventType.SHARING_START,
  EventType.SHARING_STOP,
];

interface MediaSlot {
  plan: MediaSocketPlan;
  socket: RtmsSocket | undefined;
  attempts: number;
  timer: NodeJS.Timeout | undefined;
  /** Retrying cannot help (type not allowed, no URL): left alone until the next full connection. */
  disabled: boolean;
  /** Lost after it was up, not back yet. */
  down: boolean;
}

export class StreamConnection {
  private signaling: RtmsSocket | undefined;
  private serverUrls: Record<string, unknown> = {};
  private readonly slots: MediaSlot[];
  private closed = false;
  private opened = false;

  constructor(
    private readonly ids: HandshakeIds,
    plans: readonly MediaSocketPlan[],
    private readonly settings: ConnectionSettings,
    private readonly onMediaFrame: MediaFrameHandler,
    private readonly events: ConnectionEvents,
    private readonly log: Logger,
    private readonly metrics: ConnectorMetrics,
  ) {
    this.slots = plans.map((plan) => ({
      plan,
      socket: undefined,
      attempts: 0,
      timer: undefined,
      disabled: false,
      down: false,
    }));
  }

  /** Runs the whole chain. Rejects when the signaling side fails; media sockets that fail retry by themselves. */
  async open(serverUrls: string): Promise<void> {
    const url = pickSignalingUrl(serverUrls, { allowInsecure: this.settings.allowInsecure });
    if (!url) throw new NoUsableServerUrlError(serverUrls);
    const signaling = new RtmsSocket(
      url,
      'signaling',
      'signaling',
      this.settings.socket,
      this.log,
      this.metrics,
    );
    this.signaling = signaling;
    signaling.onFrame = (frame) => this.signalingFrame(frame);
    try {
      await signaling.open();
      this.serverUrls = await signalingHandshakeOn(signaling, this.ids, this.settings.bufferData);
    } catch (err) {
      this.metrics.handshakeFailure('signaling', outcomeOf(err));
      throw err;
    }
    signaling.send({
      msg_type: MsgType.EVENT_SUBSCRIPTION,
      events: SUBSCRIBED_EVENTS.map((event_type) => ({ event_type, subscribe: true })),
    });
    await Promise.all(this.slots.map((slot) => this.connectMedia(slot)));
    if (!signaling.isOpen)
      throw new SocketClosedError('signaling', 'closed while the media sockets connected');
    this.opened = true;
    signaling.onUnexpectedClose = (code, reason) =>
      this.events.signalingLost('signaling_closed', `code ${code}${reason ? ` '${reason}'` : ''}`);
  }

  /** Reconnects media sockets after Zoom's MEDIA_CONNECTION_INTERRUPTED: the ones not open, else all of them. */
  mediaInterrupted(): void {
    if (this.closed || !this.opened) return;
    const live = this.slots.filter((s) => !s.disabled);
    const broken = live.filter((s) => !s.socket?.isOpen);
    for (const slot of broken.length > 0 ? broken : live) this.restartMedia(slot, 'media_interrupted', 0);
  }

  /** Called by the replica's watchdog: a socket silent longer than the keep-alive timeout is dead. */
  checkSilence(now: number): void {
    if (this.closed || !this.opened) return;
    const limit = this.settings.keepAliveTimeoutMs;
    if (this.signaling && now - this.signaling.lastRx > limit) {
      this.events.signalingLost('signaling_silent', `no frame for ${now - this.signaling.lastRx} ms`);
      return;
    }
    for (const slot of this.slots) {
      if (slot.socket?.isOpen && now - slot.socket.lastRx > limit) this.restartMedia(slot, 'media_silent', 0);
    }
  }

  /** Closes every socket (no reconnects afterwards). 1000 for a stop, 1001 when handing the stream over. */
  async close(code = 1000): Promise<void> {
    this.closed = true;
    const sockets: RtmsSocket[] = [];
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      if (slot.socket) sockets.push(slot.socket);
    }
    if (this.signaling) sockets.push(this.signaling);
    await Promise.all(sockets.map((s) => s.close(code)));
  }

  private restartMedia(
    slot: MediaSlot,
    cause: 'media_closed' | 'media_silent' | 'media_interrupted',
    delayMs: number,
  ) {
    const old = slot.socket;
    slot.socket = undefined;
    if (old) void old.close(1000);
    if (!slot.down) {
      slot.down = true;
      this.metrics.reconnects(cause);
      this.events.mediaDown(slot.plan.name, cause);
    }
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.connectMedia(slot);
    }, delayMs);
  }

  private async connectMedia(slot: MediaSlot): Promise<void> {
    if (this.closed || slot.disabled) return;
    const name = slot.plan.name;
    const url = mediaUrlFor(slot.plan, this.serverUrls);
    if (!url || (!this.settings.allowInsecure && !url.toLowerCase().startsWith('wss://'))) {
      slot.disabled = true;
      this.log.error({ err: new NoMediaUrlError(name), offered: this.serverUrls }, 'media socket not opened');
      return;
    }
    const socket = new RtmsSocket(url, 'media', name, this.settings.socket, this.log, this.metrics);
    slot.socket = socket;
    socket.onFrame = (frame, receivedAt) => this.onMediaFrame(frame, receivedAt, socket);
    try {
      await socket.open();
      await mediaHandshakeOn(socket, this.ids, slot.plan);
    } catch (err) {
      await socket.close();
      if (this.closed || slot.socket !== socket) return;
      slot.socket = undefined;
      this.metrics.handshakeFailure(`media:${name}`, outcomeOf(err));
      if (err instanceof HandshakeRejectedError && err.permanent) {
        slot.disabled = true;
        this.log.error(
          { err, socket: name },
          'media socket rejected for good: not retried until the next connection',
        );
        return;
      }
      slot.attempts += 1;
      const delay = backoffDelay(slot.attempts, this.settings.backoff);
      this.log.warn(
        { err, socket: name, attempt: slot.attempts, retryInMs: delay },
        'media connection failed; retrying',
      );
      slot.timer = setTimeout(() => {
        slot.timer = undefined;
        void this.connectMedia(slot);
      }, delay);
      return;
    }
    if (this.closed || slot.socket !== socket) {
      await socket.close();
      return;
    }
    slot.attempts = 0;
    this.signaling?.send(clientReadyAck(this.ids.streamId));
    socket.onUnexpectedClose = () => {
      if (slot.socket === socket)
        this.restartMedia(slot, 'media_closed', backoffDelay(1, this.settings.backoff));
    };
    if (slot.down) {
      slot.down = false;
      this.events.mediaUp(name);
    }
  }

  private signalingFrame(frame: Frame): void {
    const fields = eventOf(frame);
    if (fields) this.events.event(fields);
    switch (frame.msg_type) {
      case MsgType.EVENT_UPDATE:
        if (fields?.zoomType === EventType.MEDIA_CONNECTION_INTERRUPTED) this.mediaInterrupted();
        return;
      case MsgType.STREAM_STATE_UPDATE:
        if (fields?.state === StreamState.TERMINATED) this.events.streamTerminated(fields.stopReason);
        else if (
          fields?.state === StreamState.INTERRUPTED &&
          fields.stopReason === StopReason.DATA_CONNECTION_INTERRUPTED
        ) {
          this.mediaInterrupted();
        }
        return;
      case MsgType.STREAM_CLOSE_RESP:
        this.log.info({ statusCode: frame.status_code, reason: frame.reason }, 'stream close acknowledged');
        return;
      default:
        return;
    }
  }
}

function outcomeOf(err: unknown): string {
  if (err instanceof HandshakeRejectedError) return err.duplicate ? 'duplicate' : 'rejected';
  if (err instanceof SocketClosedError) return 'closed';
  if (err instanceof Error && err.name === 'HandshakeTimeoutError') return 'timeout';
  return 'connect_error';
}
