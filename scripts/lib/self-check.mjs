// `npm start -- --check`: once everything runs, wait until every service's GET /readyz answers 200 (each
// service checks itself at start: zoom-api its Zoom credentials, the gateway its public webhook URL, …), or
// until a check reports a failure that waiting will not fix (`final`), or the timeout. One row per service.
import { setTimeout as sleep } from 'node:timers/promises';

async function readiness(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5000) });
    const body = await res.json().catch(() => ({}));
    const checks = body.checks ?? {};
    // An advisory check (the gateway's public URL) leaves /readyz at 200 but still fails the dry run.
    return { ready: res.ok && Object.values(checks).every((c) => c.ok), checks };
  } catch (err) {
    return { ready: false, checks: { http: { ok: false, detail: `no answer: ${err?.message ?? err}` } } };
  }
}

function row(name, result) {
  if (result.ready) return { name, ok: true, detail: 'ready' };
  const failing = Object.entries(result.checks).filter(([, c]) => !c.ok);
  const detail = failing.map(([check, c]) => `${check}: ${c.detail ?? 'not ok'}`).join('; ') || 'not ready';
  return { name, ok: false, detail, final: failing.some(([, c]) => c.final) };
}

/** `services`: [{ name, port }]. Resolves { ok, rows: [{ name, ok, detail }] }. */
export async function selfCheck(services, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await Promise.all(services.map(async (s) => row(s.name, await readiness(s.port))));
    const ok = rows.every((r) => r.ok);
    if (ok || rows.some((r) => r.final) || Date.now() >= deadline) return { ok, rows };
    await sleep(intervalMs);
  }
}
