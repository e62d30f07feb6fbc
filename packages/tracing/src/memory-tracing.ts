import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing } from './start-tracing.js';
import type { Tracing } from './tracing.js';

export type { ReadableSpan };

/** For tests: tracing on, each span kept in memory as it ends. */
export function memoryTracing(service: string): { tracing: Tracing; spans: () => ReadableSpan[] } {
  const exporter = new InMemorySpanExporter();
  return {
    tracing: startTracing({ service, enabled: true, exporter }),
    spans: () => exporter.getFinishedSpans(),
  };
}
