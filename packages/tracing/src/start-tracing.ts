import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { MeetingIdGenerator } from './meeting-trace-id.js';
import { activeTracing, disabledTracing, type Tracing } from './tracing.js';

export interface TracingSettings {
  /** `service.name` of every span (OTEL_SERVICE_NAME, when set, wins as the OTel spec says). */
  service: string;
  /**
   * On when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
   * and OTEL_SDK_DISABLED is not true. The exporter reads the other OTEL_EXPORTER_OTLP_* variables itself, the
   * batch processor OTEL_BSP_*, the provider OTEL_TRACES_SAMPLER(_ARG) and the span limits.
   */
  enabled: boolean;
  /** Tests: export here instead of OTLP/HTTP, each span as it ends. */
  exporter?: SpanExporter;
}

/** The service's tracing: an OTLP/HTTP (JSON) exporter behind a batch processor, or the no-op when off. */
export function startTracing(settings: TracingSettings): Tracing {
  if (!settings.enabled) return disabledTracing;
  const ids = new MeetingIdGenerator();
  const processor: SpanProcessor = settings.exporter
    ? new SimpleSpanProcessor(settings.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter());
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': settings.service }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new BasicTracerProvider({ resource, idGenerator: ids, spanProcessors: [processor] });
  const tracer = provider.getTracer('@rtms/tracing');
  return activeTracing(tracer, ids, () => provider.shutdown());
}
