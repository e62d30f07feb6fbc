import type { BackoffPolicy } from '@rtms/retry';
import {
  EventType,
  type Frame,
  type HandshakeIds,
  MsgType,
  pickSignalingUrl,
  SessionState,
  StopReason,
  StreamState,
} from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import { closeDetail, NoUsableServerUrlError, SocketClosedError } from '../errors.js';
import type { MediaSocketPlan } from '../media/media-plan.js';
import type { ConnectorMetrics } from '../metrics.js';
import type { EventFields } from '../publish/json-publisher.js';
import { signalingHandshakeOn } from '../ws/handshakes.js';
import { RtmsSocket, type SocketSettings } from '../ws/rtms-socket.js';
import { eventOf } from './event-mapper.js';
import { type MediaCause, MediaLinks, outcomeOf } from './media-links.js';
import type { MediaFrameHandler } from './media-router.js';

// One connection of a stream: the signaling socket and its media sockets (media-links.ts). open() runs the
// chain (signaling handshake, event subscription, every media handshake, a CLIENT_READY_ACK per media
// socket). Afterwards it reports what its owner (StreamRunner) must decide: signaling lost, media exhausted,
// stream terminated — the last one whichever socket says it (docs/stream-connector.md, "Tolerated peers").

/** Runs one step of the chain (a handshake), e.g. inside a tracing span. */
export type PhaseRunner = <T>(name: string, work: () => Promise<T>) => Promise<T>;
const runPhase: PhaseRunner = (_name, work) => work();

export interface ConnectionSettings {
  socket: SocketSettings;
  bufferData: boolean;
  allowInsecure: boolean;
  backoff: BackoffPolicy;
  keepAliveTimeoutMs: number;
  /** Failures in a row of one media socket before the whole chain is redone (0 = never). */
  mediaMaxAttempts: number;
}

export interface ConnectionEvents {
  signalingLost(cause: 'signaling_closed' | 'signaling_silent', detail: string): void;
  /** Media sockets kept failing on their own: the chain must be redone. */
  mediaFailed(socket: string, err: unknown): void;
  /** Data or keep-alives flowed on a media socket after its handshake: the chain works. */
  healthy(): void;
  streamTerminated(stopReason: number | undefined): void;
  mediaDown(socket: string, cause: MediaCause): void;
  mediaUp(socket: string): void;
  event(fields: EventFields): void;
}

/** Events a connector subscribes to (docs/rtms-protocol.md §3.6): active speaker, participants, sharing. */
const SUBSCRIBED_EVENTS = [
  EventType.ACTIVE_SPEAKER_CHANGE,
  EventType.PARTICIPANT_JOIN,
  EventType.PARTICIPANT_LEAVE,
  EventType.SHARING_START,
  EventType.SHARING_STOP,
];

interface StreamConnectionOptions {
  ids: HandshakeIds;
  plans: readonly MediaSocketPlan[];
  settings: ConnectionSettings;
  onMediaFrame: MediaFrameHandler;
  events: ConnectionEvents;
  log: Logger;
  metrics: ConnectorMetrics;
}

export class StreamConnection {
  private signaling: RtmsSocket | undefined;
  private readonly media: MediaLinks;
  private closed = false;
  private opened = false;
  private wasHealthy = false;
  /** STREAM_STATE_UPDATE TERMINATING seen: a server close of signaling now means the stream is over. */
  private terminating: { stopReason: number | undefined } | undefined;

  private readonly ids: HandshakeIds;
  private readonly settings: ConnectionSettings;
  private readonly events: ConnectionEvents;
  private readonly log: Logger;
  private readonly metrics: ConnectorMetrics;

  constructor(options: StreamConnectionOptions) {
    const { ids, settings, log, metrics } = options;
    this.ids = ids;
    this.settings = settings;
    this.events = options.events;
    this.log = log;
    this.metrics = metrics;
    this.media = new MediaLinks({
      ids,
      plans: options.plans,
      settings: { ...settings, maxAttempts: settings.mediaMaxAttempts },
      onMediaFrame: options.onMediaFrame,
      events: {
        down: (socket, cause) => this.events.mediaDown(socket, cause),
        up: (socket) => this.events.mediaUp(socket),
        flowing: () => {
          if (this.wasHealthy) return;
          this.wasHealthy = true;
          this.events.healthy();
        },
        exhausted: (socket, err) => {
          if (!this.closed) this.events.mediaFailed(socket, err);
        },
        control: (frame) => this.stateFrame(frame),
        signal: (frame) => this.signaling?.send(frame),
      },
      log,
      metrics,
    });
  }

  /** Media data or keep-alives have flowed on this connection. */
  get healthy(): boolean {
    return this.wasHealthy;
  }

  /**
   * Runs the whole chain. Rejects when the signaling side fails; media sockets that fail retry by themselves.
   * `phase` wraps each handshake (the runner's tracing spans; a plain call when tracing is off).
   */
  async open(serverUrls: string, phase: PhaseRunner = runPhase): Promise<void> {
    const url = pickSignalingUrl(serverUrls, { allowInsecure: this.settings.allowInsecure });
    if (!url) throw new NoUsableServerUrlError(serverUrls);
    const signaling = new RtmsSocket({
      url,
      role: 'signaling',
      name: 'signaling',
      settings: this.settings.socket,
      log: this.log,
      metrics: this.metrics,
    });
    this.signaling = signaling;
    signaling.onFrame = (frame) => this.signalingFrame(frame);
    let mediaUrls: Record<string, unknown>;
    try {
      mediaUrls = await phase('rtms signaling handshake', async () => {
        await signaling.open();
        return signalingHandshakeOn(signaling, this.ids, this.settings.bufferData);
      });
    } catch (err) {
      this.metrics.handshakeFailure('signaling', outcomeOf(err));
      throw err;
    }
    signaling.send({
      msg_type: MsgType.EVENT_SUBSCRIPTION,
      events: SUBSCRIBED_EVENTS.map((event_type) => ({ event_type, subscribe: true })),
    });
    await phase('rtms media handshakes', () => this.media.connectAll(mediaUrls));
    if (!signaling.isOpen)
      throw new SocketClosedError('signaling', 'closed while the media sockets connected');
    this.opened = true;
    signaling.onUnexpectedClose = (code, reason) => {
      if (this.terminating) {
        this.events.streamTerminated(this.terminating.stopReason);
        return;
      }
      // A stop notice still in flight on a media socket is honoured later: the owner stops even then.
      this.events.signalingLost('signaling_closed', closeDetail(code, reason));
    };
  }

  /** Reconnects media sockets after Zoom's MEDIA_CONNECTION_INTERRUPTED: the ones not open, else all of them. */
  mediaInterrupted(): void {
    if (this.closed || !this.opened) return;
    this.media.interrupted();
  }

  /** Called by the replica's watchdog: a socket silent longer than the keep-alive timeout is dead. */
  checkSilence(now: number): void {
    if (this.closed || !this.opened) return;
    const limit = this.settings.keepAliveTimeoutMs;
    if (this.signaling && now - this.signaling.lastRx > limit) {
      this.events.signalingLost('signaling_silent', `no frame for ${now - this.signaling.lastRx} ms`);
      return;
    }
    this.media.checkSilence(now, limit);
  }

  /** Closes every socket (no reconnects afterwards). 1000 for a stop, 1001 when handing the stream over. */
  async close(code = 1000): Promise<void> {
    this.closed = true;
    await Promise.all([this.media.close(code), this.signaling?.close(code)]);
  }

  private signalingFrame(frame: Frame): void {
    switch (frame.msg_type) {
      case MsgType.EVENT_UPDATE: {
        const fields = eventOf(frame);
        if (fields) this.events.event(fields);
        if (fields?.zoomType === EventType.MEDIA_CONNECTION_INTERRUPTED) this.mediaInterrupted();
        return;
      }
      case MsgType.STREAM_STATE_UPDATE:
      case MsgType.SESSION_STATE_UPDATE:
        this.stateFrame(frame);
        return;
      case MsgType.STREAM_CLOSE_RESP:
        this.log.info({ statusCode: frame.status_code, reason: frame.reason }, 'stream close acknowledged');
        return;
      default:
        return;
    }
  }

  /** STREAM_STATE_UPDATE / SESSION_STATE_UPDATE, on signaling or on a media socket. */
  private stateFrame(frame: Frame): void {
    const fields = eventOf(frame);
    if (!fields) return;
    this.events.event(fields);
    const stream = fields.kind === 'stream_state';
    if (
      (stream && fields.state === StreamState.TERMINATED) ||
      (fields.kind === 'session_state' && fields.state === SessionState.STOPPED)
    ) {
      this.events.streamTerminated(fields.stopReason);
    } else if (stream && fields.state === StreamState.TERMINATING) {
      this.terminating = { stopReason: fields.stopReason };
    } else if (
      stream &&
      fields.state === StreamState.INTERRUPTED &&
      fields.stopReason === StopReason.DATA_CONNECTION_INTERRUPTED
    ) {
      this.mediaInterrupted();
    }
  }
}
