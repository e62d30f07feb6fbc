import type { CliConfig } from '../config.js';
import { type CheckLine, fail, pass } from './check.js';

// Each service's GET /readyz (the service kit's checks: NATS, streams, zoom-api's Zoom credentials, the
// gateway's public webhook URL signature check, ...): one line per service, and one per failing check.

export interface ServiceTarget {
  name: string;
  url: string;
}

/** RTMS_SERVICE_URLS when set, else every service on 127.0.0.1 at the port npm start gives it. */
export function serviceTargets(config: CliConfig): ServiceTarget[] {
  if (config.RTMS_SERVICE_URLS.length > 0)
    return config.RTMS_SERVICE_URLS.map((item) => {
      const i = item.indexOf('=');
      return i > 0 ? { name: item.slice(0, i), url: item.slice(i + 1) } : { name: item, url: item };
    });
  const local = (port: number) => `http://127.0.0.1:${port}`;
  return [
    { name: 'webhook-gateway', url: local(config.WEBHOOK_GATEWAY_PORT) },
    { name: 'zoom-api', url: local(config.ZOOM_API_PORT) },
    { name: 'stream-connector', url: local(config.STREAM_CONNECTOR_PORT) },
    { name: 'transcript-sink', url: local(config.TRANSCRIPT_SINK_PORT) },
    { name: 'media-recorder', url: local(config.MEDIA_RECORDER_PORT) },
  ];
}

interface Readiness {
  ready?: boolean;
  checks?: Record<string, { ok: boolean; detail?: string; advisory?: boolean }>;
}

export async function serviceChecks(target: ServiceTarget, timeoutMs: number): Promise<CheckLine[]> {
  const label = `service ${target.name}`;
  const url = `${target.url.replace(/\/$/, '')}/readyz`;
  let status: number;
  let body: Readiness;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    status = res.status;
    body = (await res.json().catch(() => ({}))) as Readiness;
  } catch (err) {
    return [
      fail(
        label,
        `no answer from ${url} (${(err as Error).message})`,
        `start ${target.name} (npm start), or point RTMS_SERVICE_URLS / ${target.name.toUpperCase().replaceAll('-', '_')}_PORT at it`,
      ),
    ];
  }
  const checks = Object.entries(body.checks ?? {});
  const failing = checks.filter(([, c]) => !c.ok);
  const head =
    status === 200 && failing.length === 0
      ? pass(label, `ready (${checks.map(([name]) => name).join(', ') || 'no checks'})`)
      : fail(
          label,
          `${url} answered ${status}`,
          `see the lines below and ${target.name}'s log (docs/troubleshooting.md)`,
        );
  const details = failing.map(([name, c]) =>
    fail(
      `  ${target.name} ${name}`,
      c.detail ?? 'not ok',
      'docs/troubleshooting.md names the cause and the log line',
    ),
  );
  return [head, ...details];
}
