import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type ZoomApiMetrics = ReturnType<typeof createZoomApiMetrics>;

/**
 * zoom-api's Prometheus metrics. `pendingStops` reads the RTMS_SCHEDULE stream on each scrape (the same
 * value from every replica: the stream is the one source of truth).
 */
export function createZoomApiMetrics(registry: Registry, pendingStops: () => Promise<number>) {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'zoom_api_requests_total',
      help: 'HTTP requests to Zoom RTMS status API, by action and status (HTTP code, network or timeout)',
      labelNames: ['action', 'status'] as const,
      registers,
    }),
    requestSeconds: new Histogram({
      name: 'zoom_api_request_duration_seconds',
      help: 'Duration of one HTTP request to Zoom, by action',
      labelNames: ['action'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    calls: new Counter({
      name: 'zoom_api_calls_total',
      help: 'RTMS calls (all attempts together), by action, source (webhook, api, schedule) and outcome',
      labelNames: ['action', 'source', 'outcome'] as const,
      registers,
    }),
    retries: new Counter({
      name: 'zoom_api_retries_total',
      help: 'Retried Zoom requests, by action and reason (rate_limited, server_error, network, unauthorized, token)',
      labelNames: ['action', 'reason'] as const,
      registers,
    }),
    tokenRefreshes: new Counter({
      name: 'zoom_api_token_refreshes_total',
      help: 'OAuth access token fetches, by outcome (ok, rejected, failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    delayedStops: new Counter({
      name: 'zoom_api_delayed_stops_total',
      help: 'Delayed stops, by outcome (scheduled, fired, cancelled, skipped, failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    pendingStops: new Gauge({
      name: 'zoom_api_pending_stops',
      help: 'Delayed stops waiting in RTMS_SCHEDULE (cancelled ones included until their next check)',
      registers,
      async collect() {
        try {
          this.set(await pendingStops());
        } catch {
          // NATS away: keep the last value rather than fail the whole scrape.
        }
      },
    }),
  };
}
