import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Outcome } from './outcomes.js';
import type { VerifyFailureReason } from './signature.js';

export interface GatewayMetrics {
  requests: Counter<'outcome'>;
  requestDuration: Histogram<'outcome'>;
  verifyFailures: Counter<'reason'>;
  publishDuration: Histogram<'result'>;
  duplicates: Counter;
  publishesInFlight: Gauge;
}

/** The gateway's Prometheus metrics, on the service registry. */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'webhook_requests_total',
      help: 'Webhook requests answered, by outcome',
      labelNames: ['outcome'] satisfies ['outcome'],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'webhook_request_duration_seconds',
      help: 'Time from request start to answer, by outcome',
      labelNames: ['outcome'] satisfies ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    verifyFailures: new Counter({
      name: 'webhook_verify_failures_total',
      help: 'Requests refused by signature verification, by reason',
      labelNames: ['reason'] satisfies ['reason'],
      registers,
    }),
    publishDuration: new Histogram({
      name: 'webhook_publish_duration_seconds',
      help: 'JetStream publish until PubAck (or failure), by result',
      labelNames: ['result'] satisfies ['result'],
      buckets: [0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    duplicates: new Counter({
      name: 'webhook_duplicates_total',
      help: 'Verified webhooks JetStream already held (a Zoom resend): answered 2xx, not stored twice',
      registers,
    }),
    publishesInFlight: new Gauge({
      name: 'webhook_publishes_in_flight',
      help: 'JetStream publishes waiting for their PubAck',
      registers,
    }),
  };
}

/** Pre-creates each label value so dashboards see zeros rather than missing series. */
export function initLabels(
  metrics: GatewayMetrics,
  outcomes: readonly Outcome[],
  reasons: readonly VerifyFailureReason[],
): void {
  for (const outcome of outcomes) metrics.requests.inc({ outcome }, 0);
  for (const reason of reasons) metrics.verifyFailures.inc({ reason }, 0);
}
