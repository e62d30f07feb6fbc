import type { MsgHdrs } from '@nats-io/transport-node';
import {
  type Attributes,
  type Context,
  INVALID_SPAN_CONTEXT,
  type Link,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TimeInput,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { type MeetingIdGenerator, meetingTraceId } from './meeting-trace-id.js';
import { contextOfTraceparent, extractTraceContext, traceHeaderRecord } from './trace-headers.js';

export { SpanKind };

interface SpanOptions {
  /** The meeting the span belongs to: a span without a parent starts in the meeting's trace. */
  meetingUuid?: string | undefined;
  /** The parent: a span, or a context extracted from a message's headers. */
  parent?: Span | Context | undefined;
  links?: Link[];
  attributes?: Attributes;
  kind?: SpanKind;
  startTime?: TimeInput;
}

/**
 * What a service traces with. Disabled (no OTLP endpoint), every method is a constant-time no-op that
 * allocates nothing: the cost of tracing off is one boolean test per call site.
 */
export interface Tracing {
  readonly enabled: boolean;
  startSpan(name: string, options?: SpanOptions): Span;
  /** Runs `work` in a span; a throw marks the span as an error (and is rethrown); the span always ends. */
  inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T>;
  /** The span's `traceparent` as a record to merge into publish headers; {} when off. */
  headersOf(span: Span): Record<string, string>;
  /** The parent context a message carries, if any. */
  extract(headers: MsgHdrs | undefined): Context | undefined;
  /** The parent a stored `traceparent` value names, if valid. */
  fromTraceparent(traceparent: string | undefined): Context | undefined;
  /** Exports what is buffered and stops; safe to call twice. */
  shutdown(): Promise<void>;
}

const NOOP_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

export const disabledTracing: Tracing = {
  enabled: false,
  startSpan: () => NOOP_SPAN,
  inSpan: (_name, _options, work) => work(NOOP_SPAN),
  headersOf: () => NO_HEADERS,
  extract: () => undefined,
  fromTraceparent: () => undefined,
  shutdown: async () => {},
};

/** Records a failure on a span (exception event + error status) without ending it. */
export function recordFailure(span: Span, err: unknown): void {
  if (!span.isRecording()) return;
  const error = err instanceof Error ? err : new Error(String(err));
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

function parentContext(parent: Span | Context | undefined): Context | undefined {
  if (!parent) return undefined;
  if ('spanContext' in parent) return trace.setSpan(ROOT_CONTEXT, parent);
  return parent;
}

/** Tracing on a real tracer; `ids` decides the trace id of root spans (the meeting's). */
export function activeTracing(
  tracer: Tracer,
  ids: MeetingIdGenerator,
  shutdown: () => Promise<void>,
): Tracing {
  const startSpan = (name: string, options: SpanOptions = {}): Span => {
    const { meetingUuid, parent, ...rest } = options;
    const context = parentContext(parent);
    if (context && trace.getSpanContext(context)) return tracer.startSpan(name, rest, context);
    if (!meetingUuid) return tracer.startSpan(name, rest, ROOT_CONTEXT);
    return ids.withTraceId(meetingTraceId(meetingUuid), () => tracer.startSpan(name, rest, ROOT_CONTEXT));
  };
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    startSpan,
    async inSpan(name, options, work) {
      const span = startSpan(name, options);
      try {
        return await work(span);
      } catch (err) {
        recordFailure(span, err);
        throw err;
      } finally {
        span.end();
      }
    },
    headersOf: (span) => traceHeaderRecord(trace.setSpan(ROOT_CONTEXT, span)),
    extract: extractTraceContext,
    fromTraceparent: contextOfTraceparent,
    shutdown: () => {
      stopped ??= shutdown();
      return stopped;
    },
  };
}
