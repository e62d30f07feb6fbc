import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export interface CheckResult {
  ok: boolean;
  detail?: string;
  /** A failure waiting will not fix (a configuration error): `npm start -- --check` stops waiting on it. */
  final?: boolean;
  /** Shown in /readyz but never makes the service unready; `npm start -- --check` still fails on it. */
  advisory?: boolean;
}

export type ReadinessCheck = () => Promise<CheckResult> | CheckResult;

/**
 * Ready when the NATS connection is up (not closed, not reconnecting). The check is synchronous and cheap, so
 * a request path may also call it to fail fast while NATS is away.
 */
export function natsConnectedCheck(nc: NatsConnection): () => CheckResult {
  let connected = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') connected = false;
      else if (s.type === 'reconnect') connected = true;
    }
  })();
  return () => {
    if (nc.isClosed()) return { ok: false, detail: 'NATS connection closed' };
    if (nc.isDraining()) return { ok: false, detail: 'NATS connection draining' };
    return connected ? { ok: true } : { ok: false, detail: 'NATS disconnected; reconnecting' };
  };
}

/** Ready when every named JetStream stream exists (checked at most once per `cacheMs` while healthy). */
export function streamsPresentCheck(
  nc: NatsConnection,
  streams: readonly string[],
  cacheMs = 5000,
): ReadinessCheck {
  let jsm: JetStreamManager | undefined;
  let okUntil = 0;
  return async () => {
    if (Date.now() < okUntil) return { ok: true };
    try {
      jsm ??= await jetstreamManager(nc, { timeout: 2000 });
      for (const name of streams) await jsm.streams.info(name);
      okUntil = Date.now() + cacheMs;
      return { ok: true };
    } catch (err) {
      return {
        ok: false,
        detail: `JetStream streams missing or unreachable: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  };
}

/** Runs named checks; ready only if all pass. */
export async function runChecks(
  checks: Record<string, ReadinessCheck>,
): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        return [name, (await check()) as CheckResult] as const;
      } catch (err) {
        const failed: CheckResult = { ok: false, detail: err instanceof Error ? err.message : String(err) };
        return [name, failed] as const;
      }
    }),
  );
  const results = Object.fromEntries(entries);
  return { ready: entries.every(([, r]) => r.ok || r.advisory === true), checks: results };
}
