export type { Context, Span } from '@opentelemetry/api';
export { meetingTraceId } from './meeting-trace-id.js';
export { memoryTracing } from './memory-tracing.js';
export { startTracing } from './start-tracing.js';
export { TRACEPARENT } from './trace-headers.js';
export type { Tracing } from './tracing.js';
export { disabledTracing, recordFailure, SpanKind } from './tracing.js';
