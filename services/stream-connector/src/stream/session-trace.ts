import type { StreamRegistryEntry } from '@rtms/contracts';
import { recordFailure, type Span, TRACEPARENT, type Tracing } from '@rtms/service-kit';
import type { PhaseRunner } from './stream-connection.js';

/** One run of the chain: its span, ended once with how it went. */
export interface AttemptTrace {
  /** Each handshake as a child span (undefined: run them plainly). */
  readonly phases: PhaseRunner | undefined;
  end(err?: unknown): void;
}

const NO_ATTEMPT: AttemptTrace = { phases: undefined, end: () => undefined };

/**
 * The spans of one owned stream (docs/operations.md, "Tracing"): `rtms stream session` for this replica's time
 * with it, a child of the rtms_started webhook's span (its traceparent is in the registry entry, so a takeover
 * joins the same parent); `rtms connect` / `rtms reconnect` per run of the chain; the handshakes inside. With
 * tracing off every method is a no-op.
 */
export class SessionTrace {
  private session: Span | undefined;

  constructor(
    private readonly tracing: Tracing,
    private readonly replicaId: string,
  ) {}

  /** Starts the session span; returns the traceparent the session's messages carry (undefined when off). */
  start(entry: StreamRegistryEntry, takeover: boolean): string | undefined {
    if (!this.tracing.enabled) return undefined;
    this.session = this.tracing.startSpan('rtms stream session', {
      parent: this.tracing.fromTraceparent(entry.traceparent),
      meetingUuid: entry.instanceId,
      attributes: {
        'rtms.stream_id': entry.streamId,
        'rtms.replica': this.replicaId,
        'rtms.takeover': takeover,
      },
    });
    return this.tracing.headersOf(this.session)[TRACEPARENT];
  }

  /** A span for one run of the chain: `rtms connect`, or `rtms reconnect` with its cause. */
  attempt(attemptNumber: number, recovering: string | undefined): AttemptTrace {
    const session = this.session;
    if (!session) return NO_ATTEMPT;
    const { tracing } = this;
    const span = tracing.startSpan(recovering ? 'rtms reconnect' : 'rtms connect', {
      parent: session,
      attributes: { 'rtms.attempt': attemptNumber, ...(recovering ? { 'rtms.cause': recovering } : {}) },
    });
    return {
      phases: (name, work) => tracing.inSpan(name, { parent: span }, work),
      end(err?: unknown) {
        if (err !== undefined) recordFailure(span, err);
        span.end();
      },
    };
  }

  /** Ends the session span with how the runner ended. */
  end(kind: string, reason: string): void {
    this.session?.setAttributes({ 'rtms.end': kind, 'rtms.end_reason': reason });
    this.session?.end();
    this.session = undefined;
  }
}
