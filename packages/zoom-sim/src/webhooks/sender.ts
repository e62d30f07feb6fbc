import { randomUUID } from 'node:crypto';
import {
  type ZoomWebhookEnvelope as WebhookEnvelope,
  ZoomWebhookHeaders,
  ZoomWebhookRequest,
} from '@rtms/contracts';
import { webhookSignature } from '@rtms/zoom-protocol';
import type { Logger } from 'pino';

// Signs and POSTs webhooks like Zoom: x-zm-* headers, signature over the exact bytes sent, retries after a
// 5xx or a transport failure/timeout (never after 3xx/4xx unless configured), duplicates on demand.

/** Records kept in the delivery log (and the REST request log); older ones are dropped. */
export const LOG_LIMIT = 10_000;

interface WebhookAttempt {
  at: number;
  /** HTTP status, or undefined for a transport failure / timeout. */
  status: number | undefined;
  error: string | undefined;
  durationMs: number;
  headers: Record<string, string>;
}

export interface WebhookDelivery {
  /** x-zm-request-id (shared by retries; a duplicate gets its own). */
  requestId: string;
  event: string;
  envelope: WebhookEnvelope;
  /** The exact bytes sent (and signed). */
  body: string;
  url: string | null;
  duplicateOf: string | undefined;
  attempts: WebhookAttempt[];
  outcome: 'pending' | 'delivered' | 'failed' | 'not-sent';
}

export interface WebhookSenderConfig {
  secret: string;
  url: string | null;
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  retryOnAnyNon2xx: boolean;
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  url: string | null;
  private duplicatesPending = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly cfg: WebhookSenderConfig,
    private readonly log: Logger,
  ) {
    this.url = cfg.url;
  }

  /** The next `count` events are each delivered twice (a separate request with the same body). */
  duplicateNext(count: number): void {
    this.duplicatesPending += count;
  }

  /** Sends an event; resolves with the delivery record immediately (delivery runs in the background). */
  send(event: string, payload: Record<string, unknown>, eventTs = Date.now()): WebhookDelivery {
    const envelope: WebhookEnvelope = { event, event_ts: eventTs, payload };
    const delivery = this.enqueue(envelope, JSON.stringify(envelope), undefined);
    if (this.duplicatesPending > 0) {
      this.duplicatesPending--;
      this.enqueue(envelope, delivery.body, delivery.requestId);
    }
    return delivery;
  }

  /** Headers for one attempt: a fresh timestamp and signature each time (retries come minutes later). */
  signedHeaders(body: string, requestId: string): Record<string, string> {
    const ts = String(Math.floor(Date.now() / 1000));
    return {
      'content-type': ZoomWebhookRequest.contentType,
      'user-agent': ZoomWebhookRequest.userAgent,
      [ZoomWebhookHeaders.timestamp]: ts,
      [ZoomWebhookHeaders.signature]: webhookSignature(this.cfg.secret, ts, body),
      [ZoomWebhookHeaders.requestId]: requestId,
      [ZoomWebhookHeaders.trackingId]: `sim_${requestId.slice(0, 8)}`,
    };
  }

  /** One POST with the configured timeout; status undefined on transport failure. */
  async post(url: string, body: string, headers: Record<string, string>) {
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(new Error('timeout')), this.cfg.timeoutMs);
    const started = Date.now();
    try {
      const res = await fetch(url, { method: 'POST', body, headers, signal: abort.signal });
      const text = await res.text();
      return { status: res.status, text, error: undefined, durationMs: Date.now() - started };
    } catch (err) {
      const error = abort.signal.aborted ? 'timeout' : String((err as Error).cause ?? (err as Error).message);
      return { status: undefined, text: '', error, durationMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const a of this.aborts) a.abort(new Error('simulator closed'));
  }

  private enqueue(envelope: WebhookEnvelope, body: string, duplicateOf: string | undefined): WebhookDelivery {
    const delivery: WebhookDelivery = {
      requestId: randomUUID().replaceAll('-', ''),
      event: envelope.event,
      envelope,
      body,
      url: this.url,
      duplicateOf,
      attempts: [],
      outcome: this.url ? 'pending' : 'not-sent',
    };
    this.deliveries.push(delivery);
    // A long load run must not grow without bound: keep the newest records only.
    if (this.deliveries.length > LOG_LIMIT) this.deliveries.splice(0, this.deliveries.length - LOG_LIMIT);
    if (this.url) void this.attempt(delivery, this.url);
    return delivery;
  }

  private async attempt(delivery: WebhookDelivery, url: string): Promise<void> {
    if (this.closed) return;
    const headers = this.signedHeaders(delivery.body, delivery.requestId);
    const res = await this.post(url, delivery.body, headers);
    delivery.attempts.push({
      at: Date.now(),
      status: res.status,
      error: res.error,
      durationMs: res.durationMs,
      headers,
    });
    const ok = res.status !== undefined && res.status >= 200 && res.status < 300;
    if (ok) {
      delivery.outcome = 'delivered';
      return;
    }
    const retryable = res.status === undefined || res.status >= 500 || this.cfg.retryOnAnyNon2xx;
    const delay = this.cfg.retryDelaysMs[delivery.attempts.length - 1];
    this.log.warn(
      {
        event: delivery.event,
        requestId: delivery.requestId,
        status: res.status,
        error: res.error,
        retryInMs: retryable ? delay : undefined,
      },
      'webhook delivery failed',
    );
    if (!retryable || delay === undefined || this.closed) {
      delivery.outcome = 'failed';
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, url);
    }, delay);
    this.timers.add(timer);
  }
}
