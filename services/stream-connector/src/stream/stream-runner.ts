import type { StreamRegistryEntry } from '@rtms/contracts';
import { backoffDelay } from '@rtms/retry';
import { describeStopReason, isRestartStopReason, rtmsSignature } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';
import { HandshakeRejectedError, SocketClosedError } from '../errors.js';
import type { ReconnectCause } from '../metrics.js';
import type { RunnerContext, RunnerEnd, StreamOutputs } from './runner-context.js';
import { SessionTrace } from './session-trace.js';
import { StreamConnection } from './stream-connection.js';

// One owned stream's state machine: connect, recover by Zoom's rules, stop. It reacts to the registry entry
// (failover, rtms_interrupted, stopped — written from webhooks by whichever replica received them) and to its
// connection (signaling lost, stream terminated). A reconnect always closes the old sockets before the new
// chain starts, and every async step checks `epoch`, so a stale attempt can never leave a second connection.

type Phase = 'idle' | 'connecting' | 'live' | 'waiting' | 'done';

export class StreamRunner {
  private phase: Phase = 'idle';
  private epoch = 0;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private connection: StreamConnection | undefined;
  private connectedAt = 0;
  /** Connected at least once (by this replica); a takeover counts as connected before. */
  private everConnected = false;
  /** Set while recovering: the cause, so the next success is published as `reconnected`. */
  private recovering: ReconnectCause | undefined;
  private readonly signature: string;
  /** Spans of this replica's time with the stream (off unless tracing is on). */
  private readonly trace: SessionTrace;

  constructor(
    private entry: StreamRegistryEntry,
    private readonly ctx: RunnerContext,
    private readonly out: StreamOutputs,
    private readonly log: Logger,
    private readonly onEnd: (end: RunnerEnd) => void,
  ) {
    this.signature = rtmsSignature({
      clientId: ctx.clientId,
      clientSecret: ctx.clientSecret,
      instanceId: entry.instanceId,
      streamId: entry.streamId,
    });
    this.trace = new SessionTrace(ctx.tracing, ctx.replicaId);
  }

  get streamId(): string {
    return this.entry.streamId;
  }

  get state(): Phase {
    return this.phase;
  }

  /** Starts the chain. `takeover`: another replica had the stream before (it crashed or let go). */
  start(takeover: boolean): void {
    if (this.phase !== 'idle') return;
    // Lifecycle, transcript, chat and event messages of this session carry its trace context.
    this.out.json.traceWith(this.trace.start(this.entry, takeover));
    if (takeover) {
      this.everConnected = true;
      this.recovering = 'takeover';
      this.ctx.metrics.reconnects('takeover');
      this.out.json.lifecycle('reconnecting', 'takeover');
    } else {
      this.out.json.lifecycle('connecting', 'rtms_started');
    }
    this.connectSafely();
  }

  /** A newer registry entry (any replica's webhook): recovery rules 1, 2, 4 (docs/rtms-protocol.md §6.2). */
  update(next: StreamRegistryEntry): void {
    if (this.phase === 'done') return;
    const prev = this.entry;
    this.entry = next;
    if (next.state === 'stopped') {
      const restart = next.stopReason !== undefined && isRestartStopReason(next.stopReason);
      if (restart)
        this.log.warn(
          { stopReason: next.stopReason, stopReasonText: stopText(next.stopReason) },
          'Zoom stopped the stream; a new start is needed',
        );
      void this.stop(next.stopReason, restart ? 'restart_required' : 'rtms_stopped');
      return;
    }
    if (next.generation > prev.generation && next.serverUrls !== prev.serverUrls) {
      this.log.info({ serverUrls: next.serverUrls }, 'RTMS server failover: full reconnect to the new URL');
      this.attempts = 0;
      this.reconnectNow('failover');
      return;
    }
    if (next.interruptedAt > prev.interruptedAt) {
      if (this.phase === 'connecting') return;
      if (this.phase === 'live' && this.connectedAt > next.interruptedAt) {
        this.log.info('rtms_interrupted predates the current connection: ignored');
        return;
      }
      this.reconnectNow('rtms_interrupted');
    }
  }

  /** Called by the replica's watchdog. */
  checkSilence(now: number): void {
    if (this.phase === 'live') this.connection?.checkSilence(now);
  }

  /** Stops for good: sockets closed cleanly, `stopped` published, the owner told. */
  async stop(stopReason: number | undefined, reason: string): Promise<void> {
    if (this.phase === 'done') return;
    this.finish();
    await this.connection?.close(1000);
    this.out.json.lifecycle('stopped', reason, stopReason);
    this.trace.end('stopped', reason);
    this.log.info({ stopReason, stopReasonText: stopText(stopReason), reason }, 'stream stopped');
    this.onEnd({ kind: 'stopped', stopReason, reason });
  }

  /** Lets go of the stream (shutdown or lease lost): sockets closed so another replica can take over. */
  async release(reason: string): Promise<void> {
    if (this.phase === 'done') return;
    this.finish();
    await this.connection?.close(1001);
    this.out.json.lifecycle('interrupted', reason);
    this.trace.end('released', reason);
    this.log.info({ reason }, 'stream released');
    this.onEnd({ kind: 'released', reason });
  }

  private finish(): void {
    this.phase = 'done';
    this.epoch += 1;
    clearTimeout(this.timer);
  }

  private reconnectNow(cause: ReconnectCause): void {
    this.ctx.metrics.reconnects(cause);
    if (this.everConnected) {
      if (!this.recovering) this.out.json.lifecycle('reconnecting', cause);
      this.recovering = cause;
    }
    this.connectSafely();
  }

  /** Never lets an unexpected error escape as an unhandled rejection (that would end the process). */
  private connectSafely(): void {
    this.connect().catch((err: unknown) => {
      this.log.error({ err }, 'unexpected error in the connection chain; retrying');
      if (this.phase !== 'done') this.wait(backoffDelay(this.ctx.backoff, 1));
    });
  }

  private async connect(): Promise<void> {
    clearTimeout(this.timer);
    const epoch = ++this.epoch;
    this.phase = 'connecting';
    const previous = this.connection;
    this.connection = undefined;
    if (previous) await previous.close(1000);
    if (epoch !== this.epoch) return;
    const connection = new StreamConnection({
      ids: { instanceId: this.entry.instanceId, streamId: this.entry.streamId, signature: this.signature },
      plans: this.ctx.plans,
      settings: this.ctx.connection,
      onMediaFrame: this.out.onMediaFrame,
      events: {
        signalingLost: (cause, detail) => {
          if (epoch === this.epoch) this.signalingLost(cause, detail, connection.healthy);
        },
        mediaFailed: (socket, err) => {
          if (epoch === this.epoch) this.mediaFailed(socket, err);
        },
        healthy: () => {
          // Only a chain that delivers resets the count: one that connects and then fails is no success.
          if (epoch === this.epoch) this.attempts = 0;
        },
        streamTerminated: (stopReason) => {
          // Final for this stream id, whichever connection (even one being abandoned) reports it.
          const restart = stopReason !== undefined && isRestartStopReason(stopReason);
          void this.stop(stopReason, restart ? 'restart_required' : 'stream_terminated');
        },
        mediaDown: (socket, cause) => {
          if (epoch === this.epoch) this.out.json.lifecycle('interrupted', `${cause}:${socket}`);
        },
        mediaUp: (socket) => {
          if (epoch === this.epoch) this.out.json.lifecycle('reconnected', `media:${socket}`);
        },
        // Zoom's facts about the stream, even from a connection being closed (a stop notice's companions).
        event: (fields) => this.out.json.event(fields),
      },
      log: this.log,
      metrics: this.ctx.metrics,
    });
    this.connection = connection;
    const attempt = this.trace.attempt(this.attempts + 1, this.recovering);
    try {
      await connection.open(this.entry.serverUrls, attempt.phases);
    } catch (err) {
      attempt.end(err);
      if (epoch !== this.epoch) return;
      this.connection = undefined;
      await connection.close(1000);
      if (epoch === this.epoch) this.failed(err);
      return;
    }
    attempt.end();
    if (epoch !== this.epoch) return;
    this.phase = 'live';
    this.connectedAt = Date.now();
    this.everConnected = true;
    this.out.json.lifecycle(this.recovering ? 'reconnected' : 'connected', this.recovering);
    this.log.info(
      { recovered: this.recovering },
      this.recovering ? 'stream reconnected' : 'stream connected',
    );
    this.recovering = undefined;
  }

  private failed(err: unknown, cause?: ReconnectCause): void {
    this.attempts += 1;
    const max = this.ctx.maxAttempts;
    if (max > 0 && this.attempts >= max) {
      this.log.error({ err, attempts: this.attempts }, 'stream could not be connected: giving up');
      void this.stop(undefined, 'reconnect_failed');
      return;
    }
    const duplicate = err instanceof HandshakeRejectedError && err.duplicate;
    cause ??= duplicate ? 'duplicate_signal' : 'connect_failed';
    this.ctx.metrics.reconnects(cause);
    // Before the first success this is still `connecting`; afterwards it is a reconnection.
    if (!this.recovering && this.everConnected) {
      this.recovering = cause;
      this.out.json.lifecycle('reconnecting', cause);
    }
    const delay = backoffDelay(this.ctx.backoff, this.attempts);
    this.log.warn({ err, attempt: this.attempts, retryInMs: delay }, 'stream connection failed; retrying');
    this.wait(delay);
  }

  /** Media sockets kept failing on their own: the whole chain again, counted as a failed attempt. */
  private mediaFailed(socket: string, err: unknown): void {
    if (this.phase !== 'live') return;
    this.log.warn({ err, socket }, 'media socket keeps failing: redoing the whole chain');
    if (!this.recovering) this.out.json.lifecycle('interrupted', `media_failed:${socket}`);
    const connection = this.connection;
    this.connection = undefined;
    void connection?.close(1000);
    this.failed(err, 'media_failed');
  }

  private signalingLost(
    cause: 'signaling_closed' | 'signaling_silent',
    detail: string,
    healthy: boolean,
  ): void {
    if (this.phase !== 'live') return;
    this.log.warn({ cause, detail }, 'signaling connection lost');
    const connection = this.connection;
    this.connection = undefined;
    void connection?.close(1000);
    if (!healthy) {
      // Lost before anything flowed: a failed attempt, so a server that keeps doing this is given up.
      if (!this.recovering) this.out.json.lifecycle('interrupted', cause);
      this.failed(new SocketClosedError('signaling', detail), cause);
      return;
    }
    this.ctx.metrics.reconnects(cause);
    this.recovering = cause;
    this.out.json.lifecycle('interrupted', cause);
    if (cause === 'signaling_silent') {
      // Zoom: no keep-alive for that long → redo the signaling handshake.
      this.connectSafely();
      return;
    }
    // Zoom sends rtms_interrupted (rule 2) for a dropped signaling socket; the backoff delay is a safety net
    // if it never arrives, and the webhook, when it does, reconnects at once.
    this.wait(backoffDelay(this.ctx.backoff, 1));
  }

  private wait(delayMs: number): void {
    this.epoch += 1;
    this.phase = 'waiting';
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connectSafely(), delayMs);
  }
}

function stopText(stopReason: number | undefined): string | undefined {
  return stopReason === undefined ? undefined : describeStopReason(stopReason).text;
}
