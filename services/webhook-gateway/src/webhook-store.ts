import type { JetStreamClient } from '@nats-io/jetstream';
import { WebhookHeaders, webhookMessageId } from '@rtms/contracts';
import { publishBytes } from '@rtms/nats';
import type { CheckResult } from '@rtms/service-kit';
import { StoreUnavailableError } from './errors.js';
import type { GatewayMetrics } from './metrics.js';

/** Zoom's request headers copied onto the stored message (already verified to be safe header values). */
export interface ReceiveMetadata {
  receivedAtMs: number;
  requestTimestamp: string;
  requestId?: string | undefined;
  trackingId?: string | undefined;
  /** The webhook span's trace context (`traceparent`), so consumers' spans are its children. */
  traceHeaders?: Record<string, string> | undefined;
}

export interface Stored {
  msgId: string;
  stream: string;
  seq: number;
  /** JetStream already held this body (a resend inside the duplicate window): not stored twice. */
  duplicate: boolean;
}

export interface WebhookStoreSettings {
  js: JetStreamClient;
  /** Fail fast while NATS is disconnected instead of queueing into the reconnect buffer. */
  natsConnected: () => CheckResult;
  publishTimeoutMs: number;
  metrics: GatewayMetrics;
}

/**
 * Stores a verified webhook durably: the body verbatim on `subject`, Nats-Msg-Id = hash of the body (so a
 * Zoom resend is dropped by the stream's duplicate window), resolved only once JetStream has acknowledged.
 * Keeps track of publishes in flight so shutdown can wait for them.
 */
export class WebhookStore {
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(private readonly settings: WebhookStoreSettings) {}

  async store(subject: string, rawBody: Uint8Array, meta: ReceiveMetadata): Promise<Stored> {
    if (!this.settings.natsConnected().ok) throw new StoreUnavailableError('nats_unavailable', subject);
    const msgId = webhookMessageId(rawBody);
    const headers: Record<string, string> = {
      ...meta.traceHeaders,
      [WebhookHeaders.receivedAt]: new Date(meta.receivedAtMs).toISOString(),
      [WebhookHeaders.requestTimestamp]: meta.requestTimestamp,
    };
    if (meta.requestId) headers[WebhookHeaders.requestId] = meta.requestId;
    if (meta.trackingId) headers[WebhookHeaders.trackingId] = meta.trackingId;

    const { metrics } = this.settings;
    const stopTimer = metrics.publishDuration.startTimer();
    metrics.publishesInFlight.inc();
    const publish = publishBytes(this.settings.js, subject, rawBody, {
      msgID: msgId,
      headers,
      timeoutMs: this.settings.publishTimeoutMs,
    });
    this.#inFlight.add(publish);
    try {
      const ack = await publish;
      stopTimer({ result: ack.duplicate ? 'duplicate' : 'stored' });
      if (ack.duplicate) metrics.duplicates.inc();
      return { msgId, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (cause) {
      stopTimer({ result: 'failed' });
      throw new StoreUnavailableError('not_stored', subject, { cause });
    } finally {
      this.#inFlight.delete(publish);
      metrics.publishesInFlight.dec();
    }
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Resolves once every publish started so far has settled (acknowledged or failed). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}
