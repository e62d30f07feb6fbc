import { headers as createHeaders, type MsgHdrs } from '@nats-io/transport-node';
import {
  type Context,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C trace context (`traceparent`, `tracestate`) in NATS message headers, so a span in one service is the
 * parent of the spans its message causes in another (docs/subjects.md, "Headers").
 */
const propagator = new W3CTraceContextPropagator();

const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<MsgHdrs> = {
  get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined),
  keys: (carrier) => carrier.keys(),
};

/** Adds the span's trace context to `headers` (created when absent); returns them. */
export function injectTraceContext(spanContext: Context, headers: MsgHdrs = createHeaders()): MsgHdrs {
  propagator.inject(spanContext, headers, setter);
  return headers;
}

/** The span's trace context as plain header entries (for publish helpers that take a record). */
export function traceHeaderRecord(spanContext: Context): Record<string, string> {
  const record: Record<string, string> = {};
  propagator.inject(spanContext, record, { set: (carrier, key, value) => (carrier[key] = value) });
  return record;
}

/** The remote parent a bare `traceparent` value names (e.g. one stored in a KV entry), or undefined. */
export function contextOfTraceparent(traceparent: string | undefined): Context | undefined {
  if (!traceparent) return undefined;
  const context = propagator.extract(
    ROOT_CONTEXT,
    { traceparent },
    {
      get: (carrier, key) => carrier[key as 'traceparent'],
      keys: (carrier) => Object.keys(carrier),
    },
  );
  return trace.getSpanContext(context) ? context : undefined;
}

/** The remote parent carried by a message's headers, or undefined when it carries none (or a broken one). */
export function extractTraceContext(headers: MsgHdrs | undefined): Context | undefined {
  if (!headers?.has(TRACEPARENT)) return undefined;
  const context = propagator.extract(ROOT_CONTEXT, headers, getter);
  return trace.getSpanContext(context) ? context : undefined;
}

/** The W3C header naming a message's parent span (also kept as a value, e.g. in a registry entry). */
export const TRACEPARENT = 'traceparent';
