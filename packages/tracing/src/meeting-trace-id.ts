import { createHash } from 'node:crypto';
import { type IdGenerator, RandomIdGenerator } from '@opentelemetry/sdk-trace-base';

/**
 * The trace id of a meeting: the first 16 bytes of SHA-256 over its UUID, so every service and every replica
 * that sees the meeting (webhooks, REST calls, stream sessions, transcript writes) lands in the same trace
 * without asking anyone. docs/operations.md ("Tracing") describes the trace.
 */
export function meetingTraceId(meetingUuid: string): string {
  const hex = createHash('sha256').update(`rtms-meeting:${meetingUuid}`).digest('hex').slice(0, 32);
  // An all-zero trace id is invalid in W3C trace context; 2^-128, but cheap to rule out.
  return /^0+$/.test(hex) ? '1'.padStart(32, '0') : hex;
}

/**
 * The SDK's random ids, except that a root span started inside `withTraceId` gets the given trace id. The
 * tracer asks for a trace id synchronously inside `startSpan`, so setting it just around that call is exact.
 */
export class MeetingIdGenerator implements IdGenerator {
  readonly #random = new RandomIdGenerator();
  #forced: string | undefined;

  generateTraceId(): string {
    return this.#forced ?? this.#random.generateTraceId();
  }

  generateSpanId(): string {
    return this.#random.generateSpanId();
  }

  withTraceId<T>(traceId: string, start: () => T): T {
    this.#forced = traceId;
    try {
      return start();
    } finally {
      this.#forced = undefined;
    }
  }
}
