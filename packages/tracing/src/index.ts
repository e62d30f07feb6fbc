export type { Context, Link, Span } from '@opentelemetry/api';
export { meetingTraceId } from './meeting-trace-id.js';
export type { ReadableSpan } from './memory-tracing.js';
export { memoryTracing } from './memory-tracing.js';
export type { TracingSettings } from './start-tracing.js';
export { startTracing } from './start-tracing.js';
export { TRACEPARENT } from './trace-headers.js';
export type { SpanOptions, Tracing } from './tracing.js';
export { disabledTracing, recordFailure, SpanKind } from './tracing.js';
