import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZoomErrorCode, zoomError } from './zoom-errors.js';

/**
 * A fault for REST calls: added latency and/or an error status, for the next `times` matching requests
 * (or every one while `persistent`). `target` chooses the endpoints: rest (/v2), oauth, or both.
 */
export interface RestFault {
  target?: 'rest' | 'oauth' | 'all';
  /** 429 (with Retry-After) or any 4xx/5xx; omit for latency only. */
  status?: number;
  retryAfterSec?: number;
  latencyMs?: number;
  times?: number;
  persistent?: boolean;
}

interface ActiveFault extends RestFault {
  remaining: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(fault: RestFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  get pending(): number {
    return this.faults.length;
  }

  private take(target: 'rest' | 'oauth'): ActiveFault | undefined {
    const i = this.faults.findIndex((f) => (f.target ?? 'rest') === target || f.target === 'all');
    if (i < 0) return undefined;
    const f = this.faults[i] as ActiveFault;
    if (!f.persistent && --f.remaining <= 0) this.faults.splice(i, 1);
    return f;
  }

  /** Applies the next matching fault; returns true when it answered the request. */
  async apply(target: 'rest' | 'oauth', _req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const f = this.take(target);
    if (!f) return false;
    if (f.latencyMs) await sleep(f.latencyMs);
    if (!f.status) return false;
    if (f.status === 429) {
      reply.header('Retry-After', String(f.retryAfterSec ?? 1));
      zoomError(
        reply,
        429,
        ZoomErrorCode.RATE_LIMITED,
        'You have reached the maximum per-second rate limit for this API. Try again later.',
      );
      return true;
    }
    zoomError(
      reply,
      f.status,
      f.status >= 500 ? ZoomErrorCode.INTERNAL : ZoomErrorCode.MEETING_GENERIC,
      `Simulated error ${f.status}.`,
    );
    return true;
  }
}
