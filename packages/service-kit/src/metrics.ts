import { permissionViolations } from '@rtms/nats';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry for one service: process metrics (CPU, memory, event-loop lag, GC) plus whatever the
 * service registers. Each service has its own registry (no global state), so tests can build many apps.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  new Counter({
    name: 'nats_permission_violations_total',
    help: 'publishes and subscriptions the NATS server refused (outside this service user permissions)',
    labelNames: ['operation'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ operation: 'publish' }, 0);
      for (const [operation, n] of permissionViolations()) this.inc({ operation }, n);
    },
  });
  return registry;
}
