import { performance } from 'node:perf_hooks';
import { type Frame, MsgType, parseFrame } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { closeDetail, HandshakeTimeoutError, SocketClosedError, SocketOpenError } from '../errors.js';
import type { ConnectorMetrics } from '../metrics.js';
import { LogThrottle } from './throttle.js';

// One WebSocket to Zoom (signaling or media): opens with deliberate limits, answers every keep-alive on the
// same socket with the identical timestamp, hands every other frame on, counts and logs malformed frames, and
// tells its owner about a close it did not ask for.

export interface SocketSettings {
  /** Largest message accepted (ws closes the socket with 1009 above it). */
  maxPayload: number;
  /** Time for the TCP/TLS connect + HTTP upgrade, and for a handshake answer. */
  handshakeTimeoutMs: number;
  /** Extra CA certificates (PEM) to trust; the system CAs otherwise. Certificates are always verified. */
  ca?: Buffer | undefined;
}

export type SocketRole = 'signaling' | 'media';

interface Waiter {
  match: (frame: Frame) => boolean;
  resolve: (frame: Frame) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const CLOSE_TIMEOUT_MS = 1000;

interface RtmsSocketOptions {
  url: string;
  role: SocketRole;
  /** `signaling`, or the media socket's name (`audio`, `all`, …). */
  name: string;
  settings: SocketSettings;
  log: Logger;
  metrics: ConnectorMetrics;
}

export class RtmsSocket {
  /** Date.now() of the last frame received (keep-alive or data): the silence watchdog reads it. */
  lastRx = Date.now();
  /** Called for every frame except keep-alives and a handshake answer being waited for. */
  onFrame: (frame: Frame, receivedAt: number) => void = () => undefined;
  /** Called once when the socket closes without close() having been called. */
  onUnexpectedClose: (code: number, reason: string) => void = () => undefined;
  /** Called after each keep-alive request (answered on the spot). */
  onKeepAlive: () => void = () => undefined;

  private ws: WebSocket | undefined;
  private closing = false;
  private waiter: Waiter | undefined;
  private readonly malformedLog = new LogThrottle();
  private readonly errorLog = new LogThrottle();

  readonly url: string;
  readonly role: SocketRole;
  /** `signaling`, or the media socket's name (`audio`, `all`, …). */
  readonly name: string;
  private readonly settings: SocketSettings;
  private readonly log: Logger;
  private readonly metrics: ConnectorMetrics;

  constructor(options: RtmsSocketOptions) {
    this.url = options.url;
    this.role = options.role;
    this.name = options.name;
    this.settings = options.settings;
    this.log = options.log;
    this.metrics = options.metrics;
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN && !this.closing;
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, {
        // Zoom's frames are small JSON; compression would cost CPU per frame for little gain.
        perMessageDeflate: false,
        maxPayload: this.settings.maxPayload,
        handshakeTimeout: this.settings.handshakeTimeoutMs,
        followRedirects: false,
        // JSON.parse rejects what matters; validating UTF-8 first would cost a pass over every frame.
        skipUTF8Validation: true,
        ...(this.settings.ca ? { ca: this.settings.ca } : {}),
      });
      this.ws = ws;
      const onError = (err: Error) => {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(new SocketOpenError(this.url, this.name, { cause: err }));
      };
      ws.once('error', onError);
      ws.once('open', () => {
        ws.off('error', onError);
        ws.on('message', (data: Buffer) => this.receive(data));
        ws.on('error', (err) => this.log.warn({ err, socket: this.name }, 'WebSocket error'));
        ws.once('close', (code, reason) => this.closed(code, reason.toString()));
        this.lastRx = Date.now();
        resolve();
      });
    });
  }

  /** Sends a JSON frame; false when the socket is not open. */
  send(frame: object): boolean {
    if (!this.isOpen || !this.ws) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Sends a request and resolves with the first frame matching `match` (the handshake answer). */
  request(frame: object, match: (frame: Frame) => boolean): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new HandshakeTimeoutError(this.name, this.settings.handshakeTimeoutMs));
      }, this.settings.handshakeTimeoutMs);
      this.waiter = { match, resolve, reject, timer };
      if (!this.send(frame)) this.failWaiter(new SocketClosedError(this.name, 'not open'));
    });
  }

  /** Stops waiting for the pending request's answer, without settling it (the answer came another way). */
  dropRequest(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
  }

  /** Closes cleanly (the close handshake, then a hard stop after 1 s); no onUnexpectedClose. */
  close(code = 1000, reason = ''): Promise<void> {
    this.closing = true;
    this.failWaiter(new SocketClosedError(this.name, 'closed by the connector'));
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, CLOSE_TIMEOUT_MS);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(code, reason);
    });
  }

  private receive(data: Buffer): void {
    const receivedAt = performance.now();
    this.lastRx = Date.now();
    const frame = parseFrame(data);
    if (frame === undefined) {
      this.malformed(data, 'not a JSON object with an integer msg_type');
      return;
    }
    try {
      if (frame.msg_type === MsgType.KEEP_ALIVE_REQ) {
        this.answerKeepAlive(frame);
        return;
      }
      const waiter = this.waiter;
      if (waiter?.match(frame)) {
        this.waiter = undefined;
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
        return;
      }
      this.onFrame(frame, receivedAt);
    } catch (err) {
      // A bug in handling one frame must not take the socket, the stream or the process down.
      const suppressed = this.errorLog.take();
      if (suppressed !== undefined) {
        this.log.error(
          { err, socket: this.name, msgType: frame.msg_type, suppressed },
          'frame handling failed',
        );
      }
    }
  }

  /**
   * Every KEEP_ALIVE_REQ is answered, whatever its shape (docs/stream-connector.md, "Tolerated peers"): the
   * timestamp echoed as sent (any type), the current time when there is none; extra fields are ignored.
   */
  private answerKeepAlive(frame: Frame): void {
    const sent = frame.timestamp;
    const timestamp = sent === undefined || sent === null ? Date.now() : sent;
    if (this.send({ msg_type: MsgType.KEEP_ALIVE_RESP, timestamp })) {
      if (this.role === 'signaling') this.metrics.keepAliveAnswered.inc();
      else this.metrics.mediaKeepAliveAnswered.inc();
    }
    this.onKeepAlive();
  }

  /** Counts every malformed frame; logs at most one a second per socket (with how many were held back). */
  malformed(data: Buffer | string, problem: string): void {
    this.metrics.malformed(this.role);
    const suppressed = this.malformedLog.take();
    if (suppressed === undefined) return;
    const text = typeof data === 'string' ? data : data.toString('utf8', 0, Math.min(data.length, 200));
    this.log.warn(
      { socket: this.name, problem, sample: text.slice(0, 200), suppressed },
      'malformed frame ignored',
    );
  }

  private failWaiter(err: Error): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.reject(err);
  }

  private closed(code: number, reason: string): void {
    this.failWaiter(new SocketClosedError(this.name, closeDetail(code, reason)));
    if (this.closing) return;
    this.closing = true;
    this.onUnexpectedClose(code, reason);
  }
}
