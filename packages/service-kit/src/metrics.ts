import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry for one service: process metrics (CPU, memory, event-loop lag, GC) plus whatever the
 * service registers. Each service has its own registry (no global state), so tests can build many apps.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
