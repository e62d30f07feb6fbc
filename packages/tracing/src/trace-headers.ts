import type { MsgHdrs } from '@nats-io/transport-node';
import { type Context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C trace context in NATS message headers, so a span in one service is the parent of the spans its message
 * causes in another (docs/subjects.md, "Headers"). Only `traceparent` travels: the services set no tracestate.
 */
const propagator = new W3CTraceContextPropagator();

/** The W3C header naming a message's parent span (also kept as a value, e.g. in a registry entry). */
export const TRACEPARENT = 'traceparent';

/** The span's trace context as header entries, to merge into a publish's headers. */
export function traceHeaderRecord(spanContext: Context): Record<string, string> {
  const record: Record<string, string> = {};
  propagator.inject(spanContext, record, { set: (carrier, key, value) => (carrier[key] = value) });
  return record;
}

/** The remote parent a `traceparent` value names (from a message or a KV entry), or undefined if none/broken. */
export function contextOfTraceparent(traceparent: string | undefined): Context | undefined {
  if (!traceparent) return undefined;
  const context = propagator.extract(
    ROOT_CONTEXT,
    { [TRACEPARENT]: traceparent },
    { get: (carrier, key) => carrier[key], keys: (carrier) => Object.keys(carrier) },
  );
  return trace.getSpanContext(context) ? context : undefined;
}

/** The remote parent a message's headers carry, if any. */
export function extractTraceContext(headers: MsgHdrs | undefined): Context | undefined {
  return contextOfTraceparent(headers?.has(TRACEPARENT) ? headers.get(TRACEPARENT) : undefined);
}
