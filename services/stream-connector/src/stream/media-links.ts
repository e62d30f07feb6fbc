import { type BackoffPolicy, backoffDelay } from '@rtms/retry';
import { clientReadyAck, type Frame, type HandshakeIds } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import { HandshakeRejectedError, NoMediaUrlError, SocketClosedError } from '../errors.js';
import { type MediaSocketPlan, mediaUrlFor } from '../media/media-plan.js';
import type { ConnectorMetrics } from '../metrics.js';
import { mediaHandshakeOn } from '../ws/handshakes.js';
import { RtmsSocket, type SocketSettings } from '../ws/rtms-socket.js';
import { isMediaData, MediaGate } from './media-gate.js';
import type { MediaFrameHandler } from './media-router.js';

// The media sockets of one connection. Each is kept up by itself (docs/rtms-protocol.md §6.2, rule 3),
// with its own backoff; a socket that fails `maxAttempts` times in a row without a frame flowing is reported
// as exhausted, and the connection's owner redoes the whole chain. A CLIENT_READY_ACK goes out once per
// successful media handshake, explicit (msg 4) or implicit (data first, see media-gate.ts).

export type MediaCause = 'media_closed' | 'media_silent' | 'media_interrupted';

export interface MediaLinkSettings {
  socket: SocketSettings;
  allowInsecure: boolean;
  backoff: BackoffPolicy;
  /** Failures in a row of one media socket before the whole chain is redone (0 = never). */
  maxAttempts: number;
}

export interface MediaLinkEvents {
  down(socket: string, cause: MediaCause): void;
  up(socket: string): void;
  /** A frame flowed on a ready media socket: the chain works. */
  flowing(): void;
  /** Retrying this socket alone did not help. */
  exhausted(socket: string, err: unknown): void;
  /** A frame on a media socket that is not data (state updates). */
  control(frame: Frame): void;
  /** Sends a frame on signaling. */
  signal(frame: object): void;
}

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

interface MediaLinksOptions {
  ids: HandshakeIds;
  plans: readonly MediaSocketPlan[];
  settings: MediaLinkSettings;
  onMediaFrame: MediaFrameHandler;
  events: MediaLinkEvents;
  log: Logger;
  metrics: ConnectorMetrics;
}

export class MediaLinks {
  private readonly slots: MediaSlot[];
  private serverUrls: Record<string, unknown> = {};
  private closed = false;

  private readonly ids: HandshakeIds;
  private readonly settings: MediaLinkSettings;
  private readonly onMediaFrame: MediaFrameHandler;
  private readonly events: MediaLinkEvents;
  private readonly log: Logger;
  private readonly metrics: ConnectorMetrics;

  constructor(options: MediaLinksOptions) {
    this.ids = options.ids;
    this.settings = options.settings;
    this.onMediaFrame = options.onMediaFrame;
    this.events = options.events;
    this.log = options.log;
    this.metrics = options.metrics;
    this.slots = options.plans.map((plan) => ({
      plan,
      socket: undefined,
      attempts: 0,
      timer: undefined,
      disabled: false,
      down: false,
    }));
  }

  /** Opens every media socket; failures retry by themselves. */
  async connectAll(serverUrls: Record<string, unknown>): Promise<void> {
    this.serverUrls = serverUrls;
    await Promise.all(this.slots.map((slot) => this.connect(slot)));
  }

  /** Zoom's MEDIA_CONNECTION_INTERRUPTED: reconnect the sockets not open, else all of them. */
  interrupted(): void {
    if (this.closed) return;
    const live = this.slots.filter((s) => !s.disabled);
    const broken = live.filter((s) => !s.socket?.isOpen);
    for (const slot of broken.length > 0 ? broken : live) this.restart(slot, 'media_interrupted', 0);
  }

  checkSilence(now: number, limitMs: number): void {
    for (const slot of this.slots) {
      if (slot.socket?.isOpen && now - slot.socket.lastRx > limitMs) this.restart(slot, 'media_silent', 0);
    }
  }

  async close(code: number): Promise<void> {
    this.closed = true;
    const sockets: RtmsSocket[] = [];
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      if (slot.socket) sockets.push(slot.socket);
    }
    await Promise.all(sockets.map((s) => s.close(code)));
  }

  private restart(slot: MediaSlot, cause: MediaCause, delayMs: number): void {
    const old = slot.socket;
    slot.socket = undefined;
    if (old) void old.close(1000);
    if (!slot.down) {
      slot.down = true;
      this.metrics.reconnects(cause);
      this.events.down(slot.plan.name, cause);
    }
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.connect(slot);
    }, delayMs);
  }

  /** One more failure in a row: back off, or report the socket exhausted. */
  private failedAgain(slot: MediaSlot, err: unknown): void {
    slot.attempts += 1;
    const max = this.settings.maxAttempts;
    if (max > 0 && slot.attempts >= max) {
      this.log.warn({ err, socket: slot.plan.name, attempts: slot.attempts }, 'media socket keeps failing');
      slot.attempts = 0;
      this.events.exhausted(slot.plan.name, err);
      return;
    }
    const delay = backoffDelay(this.settings.backoff, slot.attempts);
    this.log.warn(
      { err, socket: slot.plan.name, attempt: slot.attempts, retryInMs: delay },
      'media connection failed; retrying',
    );
    this.restart(slot, 'media_closed', delay);
  }

  private async connect(slot: MediaSlot): Promise<void> {
    if (this.closed || slot.disabled) return;
    const name = slot.plan.name;
    const url = mediaUrlFor(slot.plan, this.serverUrls);
    if (!url || (!this.settings.allowInsecure && !url.toLowerCase().startsWith('wss://'))) {
      slot.disabled = true;
      this.log.error({ err: new NoMediaUrlError(name), offered: this.serverUrls }, 'media socket not opened');
      return;
    }
    const socket = new RtmsSocket({
      url,
      role: 'media',
      name,
      settings: this.settings.socket,
      log: this.log,
      metrics: this.metrics,
    });
    slot.socket = socket;
    let flowed = false;
    const gate = new MediaGate({
      ready: (implicit) => this.ready(slot, socket, implicit, () => flowed),
      deliver: (frame, receivedAt) => {
        if (isMediaData(frame.msg_type)) this.onMediaFrame(frame, receivedAt, socket);
        else this.events.control(frame);
      },
      flowing: () => {
        flowed = true;
        slot.attempts = 0;
        this.events.flowing();
      },
    });
    socket.onFrame = (frame, receivedAt) => gate.frame(frame, receivedAt);
    socket.onKeepAlive = () => gate.keepAlive();
    try {
      await socket.open();
      const handshake = mediaHandshakeOn(socket, this.ids, slot.plan, () => gate.answered());
      await Promise.race([handshake, gate.implicit]);
    } catch (err) {
      gate.fail();
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
      this.failedAgain(slot, err);
      return;
    }
    gate.ready();
  }

  /** A successful media handshake (msg 4, or data first): CLIENT_READY_ACK once, close handling, `up`. */
  private ready(slot: MediaSlot, socket: RtmsSocket, implicit: boolean, flowed: () => boolean): boolean {
    if (this.closed || slot.socket !== socket) {
      void socket.close();
      return false;
    }
    const name = slot.plan.name;
    if (!socket.isOpen) {
      // Closed by the server between its answer and now: no ACK for a dead socket, and it counts as failed.
      slot.socket = undefined;
      this.failedAgain(slot, new SocketClosedError(name, 'closed right after its handshake'));
      return false;
    }
    if (implicit) {
      socket.dropRequest();
      this.metrics.implicitMediaHandshake(name);
      this.log.warn(
        { socket: name },
        'media data before the handshake answer: taken as a successful handshake',
      );
    }
    this.events.signal(clientReadyAck(this.ids.streamId));
    socket.onUnexpectedClose = (code, reason) => {
      if (slot.socket !== socket) return;
      if (flowed()) {
        slot.attempts = 0;
        this.restart(slot, 'media_closed', backoffDelay(this.settings.backoff, 1));
        return;
      }
      const detail = `closed (code ${code}${reason ? ` '${reason}'` : ''}) before any frame flowed`;
      this.failedAgain(slot, new SocketClosedError(name, detail));
    };
    if (slot.down) {
      slot.down = false;
      this.events.up(name);
    }
    return true;
  }
}

export function outcomeOf(err: unknown): string {
  if (err instanceof HandshakeRejectedError) return err.duplicate ? 'duplicate' : 'rejected';
  if (err instanceof SocketClosedError) return 'closed';
  if (err instanceof Error && err.name === 'HandshakeTimeoutError') return 'timeout';
  return 'connect_error';
}
